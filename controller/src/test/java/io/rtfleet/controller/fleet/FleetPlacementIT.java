package io.rtfleet.controller.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.rtfleet.api.crd.FailoverSpec;
import io.rtfleet.api.crd.FleetNodeStatus;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.controller.LocalCluster;
import io.rtfleet.controller.model.Conditions;
import io.rtfleet.controller.model.FleetLabels;
import io.rtfleet.localkube.LocalKubelet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator with real nodes (the local kubelet runs each node pod as a process, all sharing one
 * embedded PostgreSQL): a fleet's guilds are placed once its nodes are ready, a node added by a
 * scale-up takes its share through handoffs, a node killed is failed over and replaced, so is one
 * that hangs, and a scale-down drains the node it removes before deleting its pod.
 */
class FleetPlacementIT {
  private static final String NAMESPACE = "placed";
  private static final Duration WAIT = Duration.ofMinutes(2);

  @TempDir static Path directory;
  private static LocalCluster cluster;
  private static KubernetesClient client;
  private static LocalKubelet kubelet;

  @BeforeAll
  static void start() throws Exception {
    cluster = LocalCluster.start(directory, NAMESPACE);
    client = cluster.client();
    kubelet = cluster.kubelet();
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.close();
  }

  private static RealtimeFleet read() {
    return cluster.read("chat");
  }

  private static void assertPlacedAndBalanced(int nodes) {
    RealtimeFleet fleet = read();
    assertThat(Conditions.isTrue(fleet.getStatus().getConditions(), Conditions.READY))
        .as("ready: %s", Serialization.asYaml(fleet.getStatus()))
        .isTrue();
    assertThat(Conditions.isTrue(fleet.getStatus().getConditions(), Conditions.BALANCED))
        .as("balanced: %s", fleet.getStatus().getConditions())
        .isTrue();
    List<FleetNodeStatus> seen = fleet.getStatus().getNodes();
    assertThat(seen).hasSize(nodes);
    assertThat(seen).allSatisfy(node -> assertThat(node.getPhase()).isEqualTo("Active"));
    assertThat(seen.stream().mapToInt(FleetNodeStatus::getSlots).sum()).isEqualTo(4096);
    double mean = 4096.0 / nodes;
    assertThat(seen)
        .allSatisfy(node -> assertThat((double) node.getSlots()).isBetween(mean / 1.1, mean * 1.1));
  }

  @Test
  void placedThenScaledUpThenANodeKilledThenOneHungThenScaledDownThenANodeCordoned()
      throws Exception {
    RealtimeFleet fleet = cluster.fleet("chat", 3);
    FailoverSpec failover = new FailoverSpec();
    failover.setLostAfterSeconds(5);
    fleet.getSpec().setFailover(failover);
    client.resource(fleet).create();

    await().atMost(WAIT).untilAsserted(() -> assertPlacedAndBalanced(3));
    long placedAt = read().getStatus().getPlacementEpoch();

    client.resources(RealtimeFleet.class).inNamespace(NAMESPACE).withName("chat").scale(4);

    await().atMost(WAIT).untilAsserted(() -> assertPlacedAndBalanced(4));
    long scaledAt = read().getStatus().getPlacementEpoch();
    assertThat(scaledAt).isGreaterThan(placedAt);

    long killed = kubelet.processIds().get(NAMESPACE + "/chat-1");
    ProcessHandle.of(killed).orElseThrow().destroyForcibly(); // kill -9

    // The replacement takes the lowest free name: chat-1 again once the failed pod is gone, the
    // next one while it is still there.
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(kubelet.processIds().values()).doesNotContain(killed).hasSize(4);
              assertPlacedAndBalanced(4);
            });
    long failedOverAt = read().getStatus().getPlacementEpoch();
    assertThat(failedOverAt).isGreaterThan(scaledAt);

    // A node that hangs (SIGSTOP: its process runs, and answers nobody) owns slots, so it is taken
    // for lost once it has not answered for the fleet's 5 s with its pod unready: failed over and
    // replaced. Woken up, it finds its pod deleted and stops.
    long hung = kubelet.processIds().get(NAMESPACE + "/chat-2");
    signal("STOP", hung);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(read().getStatus().getNodes())
                  .extracting(FleetNodeStatus::getName)
                  .doesNotContain("chat-2");
              assertPlacedAndBalanced(4);
            });
    assertThat(read().getStatus().getPlacementEpoch()).isGreaterThan(failedOverAt);
    assertThat(client.v1().events().inNamespace(NAMESPACE).list().getItems())
        .extracting(event -> event.getReason())
        .contains("NodeLost");
    signal("CONT", hung);
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(kubelet.processIds().values()).doesNotContain(hung));
    failedOverAt = read().getStatus().getPlacementEpoch();

    String newest =
        read().getStatus().getNodes().stream()
            .map(FleetNodeStatus::getName)
            .max(Comparator.comparingInt(node -> Integer.parseInt(node.substring(5))))
            .orElseThrow();

    client.resources(RealtimeFleet.class).inNamespace(NAMESPACE).withName("chat").scale(3);

    // The newest node goes, drained first: its slots handed to the others before its pod is
    // deleted.
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(client.pods().inNamespace(NAMESPACE).withName(newest).get()).isNull();
              assertThat(read().getStatus().getOperation()).isNull();
              assertThat(read().getStatus().getNodes())
                  .extracting(FleetNodeStatus::getName)
                  .doesNotContain(newest);
              assertPlacedAndBalanced(3);
            });
    assertThat(read().getStatus().getPlacementEpoch()).isGreaterThan(failedOverAt);

    // kubectl annotate pod chat-0 rtfleet.io/cordon=true: the node keeps its slots and takes no
    // new session (unready) until the annotation says otherwise.
    int slots = node("chat-0").getSlots();
    annotateCordon("chat-0", "true");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(node("chat-0").getPhase()).isEqualTo("Cordoned");
              assertThat(node("chat-0").isReady()).isFalse();
              assertThat(node("chat-0").getSlots()).isEqualTo(slots);
            });
    annotateCordon("chat-0", "false");
    await().atMost(WAIT).untilAsserted(() -> assertPlacedAndBalanced(3));
    assertThat(client.v1().events().inNamespace(NAMESPACE).list().getItems())
        .extracting(event -> event.getReason() + ": " + event.getMessage())
        .contains("NodeCordoned: cordoned chat-0", "NodeUncordoned: uncordoned chat-0");
  }

  private static void signal(String signal, long pid) throws Exception {
    assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor())
        .isZero();
  }

  private static FleetNodeStatus node(String name) {
    return read().getStatus().getNodes().stream()
        .filter(node -> node.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static void annotateCordon(String pod, String value) {
    client
        .pods()
        .inNamespace(NAMESPACE)
        .withName(pod)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            Serialization.asJson(
                Map.of(
                    "metadata",
                    Map.of("annotations", Map.of(FleetLabels.CORDON_ANNOTATION, value)))));
  }
}
