package io.rtfleet.controller.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rtfleet.api.crd.DrainSpec;
import io.rtfleet.api.crd.FleetNodeStatus;
import io.rtfleet.api.crd.OperationStatus;
import io.rtfleet.api.crd.PlacementSpec;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.controller.LocalCluster;
import io.rtfleet.controller.model.Conditions;
import java.time.Duration;
import java.util.List;

/**
 * An operator stopped in the middle of a rollout, with a node half drained (some of its slots
 * handed off), and a new one started: the new one carries the drain on from the fleet's status and
 * the nodes, not from memory, and finishes the rollout, no slot lost. Run on the mock API server
 * ({@link OperatorRestartIT}) and on a real one ({@link RealApiServerOperatorRestartIT}).
 */
final class OperatorRestartScenario {
  private static final String FLEET = "chat";
  private static final Duration WAIT = Duration.ofSeconds(240);

  private final LocalCluster cluster;
  private final KubernetesClient client;
  private final String namespace;

  OperatorRestartScenario(LocalCluster cluster, String namespace) {
    this.cluster = cluster;
    this.client = cluster.client();
    this.namespace = namespace;
  }

  void run() {
    RealtimeFleet fleet = cluster.fleet(FLEET, 2);
    DrainSpec drain = new DrainSpec();
    drain.setReadinessDelaySeconds(1);
    drain.setWaveIntervalMillis(100);
    fleet.getSpec().setDrain(drain);
    // Small batches: a drain is many handoffs, so the operator stops with one half done.
    PlacementSpec placement = new PlacementSpec();
    placement.setMaxMovesPerBatch(32);
    fleet.getSpec().setPlacement(placement);
    client.resource(fleet).create();
    await().atMost(WAIT).untilAsserted(() -> assertSettled(2));

    client
        .resources(RealtimeFleet.class)
        .inNamespace(namespace)
        .withName(FLEET)
        .edit(
            f -> {
              f.getSpec().getTemplate().setJvmOptions(List.of("-Xmx256m", "-Drtfleet.restart=1"));
              return f;
            });
    OperationStatus interrupted =
        await()
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(20))
            .until(
                () -> cluster.read(FLEET).getStatus().getOperation(),
                operation -> operation != null && operation.getProgress().startsWith("handed off"));

    cluster.restartOperator();

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              RealtimeFleet now = cluster.read(FLEET);
              assertThat(now.getStatus().getRollout()).isEqualTo("Complete");
              assertSettled(2);
            });
    RealtimeFleet done = cluster.read(FLEET);
    assertThat(done.getStatus().getNodes())
        .extracting(FleetNodeStatus::getName)
        .doesNotContain(interrupted.getNode());
    assertThat(done.getStatus().getNodes())
        .allSatisfy(
            node -> assertThat(node.getRevision()).isEqualTo(done.getStatus().getUpdateRevision()));
    // The interrupted drain was carried on, not started over: one start for it.
    List<Event> events =
        client.v1().events().inNamespace(namespace).list().getItems().stream()
            .filter(event -> event.getInvolvedObject().getName().equals(FLEET))
            .toList();
    assertThat(events)
        .extracting(Event::getMessage)
        .filteredOn(message -> message.equals("draining " + interrupted.getNode() + " (Rollout)"))
        .hasSize(1);
    assertThat(events)
        .extracting(Event::getMessage)
        .contains(interrupted.getNode() + " is drained: deleting its pod");
  }

  private void assertSettled(int nodes) {
    RealtimeFleet now = cluster.read(FLEET);
    assertThat(Conditions.isTrue(now.getStatus().getConditions(), Conditions.READY)).isTrue();
    assertThat(Conditions.isTrue(now.getStatus().getConditions(), Conditions.BALANCED)).isTrue();
    assertThat(now.getStatus().getOperation()).isNull();
    assertThat(now.getStatus().getNodes()).hasSize(nodes);
    assertThat(now.getStatus().getNodes().stream().mapToInt(FleetNodeStatus::getSlots).sum())
        .isEqualTo(4096);
  }
}
