package io.rtfleet.controller.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rtfleet.api.crd.FailoverSpec;
import io.rtfleet.api.crd.FleetNodeStatus;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.controller.LocalCluster;
import io.rtfleet.controller.model.Conditions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A template whose nodes cannot start (here a JVM option the JVM refuses): the first node made from
 * it fails before it is ever ready, the rollout halts and says why, no more nodes are made from it
 * (no create-and-fail loop), the old nodes go on serving; a template whose node hangs as it starts
 * (stuck, not busy) halts likewise; and a fixed template rolls out.
 */
class StartFailureIT {
  private static final String NAMESPACE = "failing";
  private static final String FLEET = "chat";
  private static final Duration WAIT = Duration.ofSeconds(180);

  @TempDir static Path directory;
  private static LocalCluster cluster;
  private static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    cluster = LocalCluster.start(directory, NAMESPACE);
    client = cluster.client();
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.close();
  }

  @Test
  void aRevisionWhoseNodesFailToStartIsHaltedInsteadOfRetriedInALoop() {
    RealtimeFleet fleet = cluster.fleet(FLEET, 2);
    FailoverSpec failover = new FailoverSpec();
    failover.setLostAfterSeconds(5);
    fleet.getSpec().setFailover(failover);
    client.resource(fleet).create();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(settledAt(cluster.read(FLEET).getStatus().getUpdateRevision()))
                    .isTrue());
    String good = cluster.read(FLEET).getStatus().getCurrentRevision();

    jvmOptions(List.of("-Xmx256m", "-XX:+NoSuchOptionAnywhere"));

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              RealtimeFleet now = cluster.read(FLEET);
              assertThat(now.getStatus().getHaltedRevision())
                  .isEqualTo(now.getStatus().getUpdateRevision());
              assertThat(now.getStatus().getHaltReason())
                  .contains("failed before it was ever ready");
              assertThat(now.getStatus().getRollout()).startsWith("Halted ");
              assertThat(
                      now.getStatus().getConditions().stream()
                          .filter(c -> c.getType().equals(Conditions.ROLLOUT_PAUSED))
                          .findFirst()
                          .orElseThrow()
                          .getReason())
                  .isEqualTo("NodeFailedToStart");
            });
    String bad = cluster.read(FLEET).getStatus().getUpdateRevision();
    // Not made again and again: one node was made from the bad revision, and the old ones serve.
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              RealtimeFleet now = cluster.read(FLEET);
              assertThat(creations(bad)).isEqualTo(1);
              assertThat(now.getStatus().getReady()).isEqualTo("2/2");
              assertThat(now.getStatus().getNodes())
                  .filteredOn(FleetNodeStatus::isReady)
                  .allSatisfy(node -> assertThat(node.getRevision()).isEqualTo(good));
            });
    assertThat(
            client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
                .filter(event -> "RolloutHalted".equals(event.getReason())))
        .hasSize(1);

    // A node that hangs as it starts (its JVM paused before it runs anything: it answers nothing)
    // is stuck once it has not answered for the lost grace, and halts its revision too; one busy
    // loading its guilds would answer its health check meanwhile, and be waited for.
    jvmOptions(List.of("-Xmx256m", "-XX:+UnlockDiagnosticVMOptions", "-XX:+PauseAtStartup"));

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              RealtimeFleet now = cluster.read(FLEET);
              assertThat(now.getStatus().getUpdateRevision()).isNotEqualTo(bad);
              assertThat(now.getStatus().getHaltedRevision())
                  .isEqualTo(now.getStatus().getUpdateRevision());
              assertThat(now.getStatus().getHaltReason())
                  .contains("never became ready: stuck: its node has not answered");
            });

    jvmOptions(List.of("-Xmx256m", "-Drtfleet.fixed=1"));

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(settledAt(cluster.read(FLEET).getStatus().getUpdateRevision()))
                    .isTrue());
    RealtimeFleet fixed = cluster.read(FLEET);
    assertThat(fixed.getStatus().getCurrentRevision()).isNotIn(good, bad);
    assertThat(fixed.getStatus().getHaltedRevision()).isNull();
  }

  private static void jvmOptions(List<String> options) {
    client
        .resources(RealtimeFleet.class)
        .inNamespace(NAMESPACE)
        .withName(FLEET)
        .edit(
            fleet -> {
              fleet.getSpec().getTemplate().setJvmOptions(options);
              return fleet;
            });
  }

  private static long creations(String revision) {
    return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(event -> "CreatingNode".equals(event.getReason()))
        .filter(event -> event.getMessage().contains("at revision " + revision))
        .count();
  }

  private static boolean settledAt(String revision) {
    RealtimeFleet now = cluster.read(FLEET);
    return revision != null
        && revision.equals(now.getStatus().getCurrentRevision())
        && "Complete".equals(now.getStatus().getRollout())
        && now.getStatus().getOperation() == null
        && "2/2".equals(now.getStatus().getReady())
        && now.getStatus().getNodes().size() == 2
        && Conditions.isTrue(now.getStatus().getConditions(), Conditions.BALANCED);
  }
}
