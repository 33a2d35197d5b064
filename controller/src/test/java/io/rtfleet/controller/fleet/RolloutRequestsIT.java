package io.rtfleet.controller.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.rtfleet.api.admin.TokenRequest;
import io.rtfleet.api.crd.DrainSpec;
import io.rtfleet.api.crd.FleetNodeStatus;
import io.rtfleet.api.crd.HealthGates;
import io.rtfleet.api.crd.NodeOptions;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.api.crd.RealtimeFleetStatus;
import io.rtfleet.api.crd.RolloutSpec;
import io.rtfleet.controller.ForgetfulClient;
import io.rtfleet.controller.LocalCluster;
import io.rtfleet.controller.model.Conditions;
import io.rtfleet.controller.model.FleetLabels;
import io.rtfleet.controller.model.FleetObjects;
import io.rtfleet.controller.model.NodePods;
import io.rtfleet.controller.rollout.RolloutRequests;
import io.rtfleet.coordinator.HttpNodeAdminClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The health gates and the emergency requests on a canary held by its partition, with real nodes: a
 * canary step whose client identifies again instead of resuming trips the gate that allows none,
 * which holds the rollout even once the partition is lifted; {@code promote} takes the new revision
 * to every node regardless; {@code abort} replaces the canary by a node of the current revision
 * without touching the spec, until the template changes; every template is in the rollout history,
 * and going back to one renumbers it.
 */
class RolloutRequestsIT {
  private static final String NAMESPACE = "requests";
  private static final String FLEET = "canary";
  private static final Duration WAIT = Duration.ofMinutes(3);

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
  void aCanaryTripsAHealthGateIsPromotedThenTheNextOneAbortedThenTheTemplateGoesBack() {
    RealtimeFleet fleet = cluster.fleet(FLEET, 2);
    DrainSpec drain = new DrainSpec();
    drain.setReadinessDelaySeconds(1);
    drain.setWaveIntervalMillis(100);
    fleet.getSpec().setDrain(drain);
    NodeOptions options = new NodeOptions();
    // A session its client left waits this long to be resumed; the drain waits for it.
    options.setResumeWindowSeconds(5L);
    fleet.getSpec().getTemplate().setOptions(options);
    RolloutSpec rollout = new RolloutSpec();
    rollout.setPartition(1);
    HealthGates gates = new HealthGates();
    gates.setMaxReidentifiedShare(0.0);
    gates.setMaxResumeFailures(0);
    rollout.setHealthGates(gates);
    fleet.getSpec().setRollout(rollout);
    client.resource(fleet).create();
    await().atMost(WAIT).ignoreExceptions().until(() -> settledAt(status().getUpdateRevision(), 2));
    String first = status().getCurrentRevision();

    // The canary step drains the highest node, whose one client identifies again when asked to
    // reconnect: the gate of no re-identify at all trips, and holds the rollout past its partition.
    String canaryVictim = FLEET + "-1";
    try (ForgetfulClient forgetful =
        ForgetfulClient.connect(gatewayOf(canaryVictim), tokenFrom(canaryVictim))) {
      await()
          .atMost(WAIT)
          .ignoreExceptions()
          .until(
              () ->
                  status().getNodes().stream()
                      .anyMatch(n -> n.getName().equals(canaryVictim) && n.getSessions() == 1));
      List<String> firstOptions = List.of("-Xmx256m", "-Drtfleet.canary=1");
      edit(f -> withOptions(f, firstOptions));
      await()
          .atMost(WAIT)
          .ignoreExceptions()
          .until(() -> status().getHealthGate().getTripped() != null);
      assertThat(forgetful.readies()).isEqualTo(2);
    }
    String second = status().getUpdateRevision();
    assertThat(second).isNotEqualTo(first);
    assertThat(status().getHealthGate().getTripped())
        .contains("the step that drained " + canaryVictim, "1 sessions identified again");
    assertThat(status().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo(Conditions.ROLLOUT_PAUSED);
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getReason()).isEqualTo("HealthGateTripped");
            });
    assertThat(events()).contains("HealthGateTripped");
    edit(
        f -> {
          f.getSpec().getRollout().setPartition(null);
          return f;
        });
    await()
        .during(Duration.ofSeconds(3))
        .atMost(WAIT)
        .until(
            () ->
                String.valueOf(status().getRollout()).startsWith("Held 1/2")
                    && nodesAt(second) == 1);

    request(RolloutRequests.PROMOTE);
    await().atMost(WAIT).ignoreExceptions().until(() -> settledAt(second, 2));
    assertThat(status().getPromotedRevision()).isNull();
    assertThat(status().getHealthGate()).isNull();
    assertThat(events()).contains("RolloutPromoted");

    edit(
        f -> {
          f.getSpec().getRollout().setPartition(1);
          return withOptions(f, List.of("-Xmx256m", "-Drtfleet.canary=2"));
        });
    await()
        .atMost(WAIT)
        .until(() -> String.valueOf(status().getRollout()).startsWith("Partition 1/2"));
    String third = status().getUpdateRevision();

    request(RolloutRequests.ABORT);
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat("Aborted".equals(status().getRollout()) && settledAt(second, 2))
                    .as("aborted back to %s: %s", second, Serialization.asYaml(status()))
                    .isTrue());
    assertThat(status().getAbortedRevision()).isEqualTo(third);
    assertThat(cluster.read(FLEET).getSpec().getTemplate().getJvmOptions())
        .contains("-Drtfleet.canary=2");
    assertThat(events()).contains("RolloutAborted");
    assertThat(cluster.read(FLEET).getMetadata().getAnnotations().get(RolloutRequests.ANNOTATION))
        .isNull();

    // A step whose sessions resumed (it had none) passes the gates.
    assertThat(events()).contains("HealthGatePassed");

    // What 'rtctl rollout undo' does: the previous template back in the spec.
    edit(f -> withOptions(f, List.of("-Xmx256m", "-Drtfleet.canary=1")));
    await()
        .atMost(WAIT)
        .until(
            () ->
                status().getAbortedRevision() == null
                    && "Complete".equals(status().getRollout())
                    && settledAt(second, 2));
    assertThat(history())
        .containsExactly(
            Map.entry(FLEET + "-" + first, 1L),
            Map.entry(FLEET + "-" + third, 3L),
            Map.entry(FLEET + "-" + second, 4L));
  }

  /** The gateway of one node pod, at its IP. */
  private static String gatewayOf(String pod) {
    return "ws://"
        + client.pods().inNamespace(NAMESPACE).withName(pod).get().getStatus().getPodIP()
        + ":"
        + NodePods.GATEWAY_PORT;
  }

  /** A user's token, minted by a node with the fleet's admin token. */
  private static String tokenFrom(String pod) {
    Secret secret =
        client.secrets().inNamespace(NAMESPACE).withName(FleetObjects.secretName(FLEET)).get();
    String ip = client.pods().inNamespace(NAMESPACE).withName(pod).get().getStatus().getPodIP();
    return new HttpNodeAdminClient(
            pod,
            "http://" + ip + ":" + NodePods.ADMIN_PORT,
            FleetObjects.adminToken(secret),
            HttpNodeAdminClient.newHttpClient(),
            Duration.ofSeconds(10))
        .mintToken(TokenRequest.user("forgetful"))
        .join()
        .token();
  }

  private static RealtimeFleet withOptions(RealtimeFleet fleet, List<String> options) {
    fleet.getSpec().getTemplate().setJvmOptions(options);
    return fleet;
  }

  private static void edit(UnaryOperator<RealtimeFleet> change) {
    client.resources(RealtimeFleet.class).inNamespace(NAMESPACE).withName(FLEET).edit(change);
  }

  private static void request(String action) {
    client
        .resources(RealtimeFleet.class)
        .inNamespace(NAMESPACE)
        .withName(FLEET)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            Serialization.asJson(
                Map.of(
                    "metadata",
                    Map.of("annotations", Map.of(RolloutRequests.ANNOTATION, action)))));
  }

  private static RealtimeFleetStatus status() {
    return cluster.read(FLEET).getStatus();
  }

  private static long nodesAt(String revision) {
    return status().getNodes().stream().filter(n -> revision.equals(n.getRevision())).count();
  }

  /** Every one of {@code nodes} nodes ready at {@code revision}, nothing in progress. */
  private static boolean settledAt(String revision, int nodes) {
    RealtimeFleetStatus status = status();
    return revision != null
        && status.getOperation() == null
        && status.getNodes() != null
        && status.getNodes().size() == nodes
        && status.getNodes().stream().allMatch(n -> n.isReady() && revision.equals(n.getRevision()))
        && status.getNodes().stream().mapToInt(FleetNodeStatus::getSlots).sum() == 4096;
  }

  private static List<String> events() {
    return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .map(event -> event.getReason())
        .toList();
  }

  private static List<Map.Entry<String, Long>> history() {
    return client
        .apps()
        .controllerRevisions()
        .inNamespace(NAMESPACE)
        .withLabels(FleetLabels.owned(FLEET))
        .list()
        .getItems()
        .stream()
        .sorted(java.util.Comparator.comparingLong(ControllerRevision::getRevision))
        .map(r -> Map.entry(r.getMetadata().getName(), r.getRevision()))
        .toList();
  }
}
