package io.rtfleet.controller.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.rtfleet.api.crd.FleetNodeStatus;
import io.rtfleet.api.crd.OperationStatus;
import io.rtfleet.api.crd.RealtimeFleetStatus;
import io.rtfleet.controller.SampleFleets;
import io.rtfleet.controller.model.FleetLabels;
import io.rtfleet.controller.model.FleetSettings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetStatusWriterTest {
  private static final Instant NOW = Instant.parse("2026-12-01T05:00:00Z");
  private static final FleetSettings SETTINGS = FleetSettings.of(SampleFleets.spec(2));

  private static Pod pod(String name) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(Map.of(FleetLabels.REVISION, "r1"))
        .endMetadata()
        .withNewStatus()
        .withPhase("Running")
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .endCondition()
        .endStatus()
        .build();
  }

  private static FleetNodeStatus seen(String name, int slots, long sessions, long guilds) {
    FleetNodeStatus node = new FleetNodeStatus();
    node.setName(name);
    node.setSlots(slots);
    node.setSessions(sessions);
    node.setGuilds(guilds);
    return node;
  }

  @Test
  void aPassThatDoesNotAskTheNodesKeepsTheirCountsAndTheDrainedNodeShowsWhatItHasLeft() {
    RealtimeFleetStatus status = new RealtimeFleetStatus();
    status.setNodes(List.of(seen("chat-0", 2048, 700, 40), seen("chat-1", 2048, 900, 44)));
    OperationStatus drain = new OperationStatus();
    drain.setKind("Drain");
    drain.setNode("chat-1");
    drain.setSlotsLeft(1024);
    status.setOperation(drain);

    FleetStatusWriter.write(
        status, "chat", SETTINGS, "r1", List.of(pod("chat-0"), pod("chat-1")), 1, NOW);

    assertThat(status.getNodes())
        .extracting(
            FleetNodeStatus::getName,
            FleetNodeStatus::getPhase,
            FleetNodeStatus::getSlots,
            FleetNodeStatus::getSessions,
            FleetNodeStatus::getGuilds)
        .containsExactly(
            tuple("chat-0", "Active", 2048, 700L, 40L),
            tuple("chat-1", "Draining", 1024, 900L, 44L));

    // its sessions asked to move: the drain counts them down
    drain.setSlotsLeft(0);
    drain.setSessionsLeft(120L);
    FleetStatusWriter.draining(status);
    assertThat(status.getNodes().get(1).getSlots()).isZero();
    assertThat(status.getNodes().get(1).getSessions()).isEqualTo(120);
  }
}
