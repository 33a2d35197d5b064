package io.rtfleet.controller.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.rtfleet.api.crd.FleetNodeStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LostNodesTest {
  private static final Instant NOW = Instant.parse("2026-11-30T17:00:00Z");
  private static final Duration GRACE = Duration.ofSeconds(30);

  private static FleetNodeStatus node(String name, Instant lostSince) {
    FleetNodeStatus node = new FleetNodeStatus();
    node.setName(name);
    node.setLostSince(lostSince == null ? null : lostSince.toString());
    return node;
  }

  private static Pod pod(String name, boolean ready, boolean deleted) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withDeletionTimestamp(deleted ? NOW.toString() : null)
        .endMetadata()
        .withNewStatus()
        .withPhase("Running")
        .addNewCondition()
        .withType("Ready")
        .withStatus(ready ? "True" : "False")
        .endCondition()
        .endStatus()
        .build();
  }

  @Test
  void aNodeUnansweredPastItsGraceWithItsPodUnreadyIsLost() {
    List<FleetNodeStatus> nodes =
        List.of(
            node("chat-0", NOW.minus(GRACE)),
            node("chat-1", NOW.minus(GRACE).plusSeconds(1)),
            node("chat-2", null));
    List<Pod> pods =
        List.of(
            pod("chat-0", false, false), pod("chat-1", false, false), pod("chat-2", false, false));

    assertThat(LostNodes.pastGrace(nodes, pods, GRACE, NOW)).containsExactly("chat-0");
  }

  @Test
  void aNodeTheKubeletStillFindsReadyOrWhosePodIsGoingIsNotLost() {
    List<FleetNodeStatus> nodes =
        List.of(
            node("chat-0", NOW.minusSeconds(300)),
            node("chat-1", NOW.minusSeconds(300)),
            node("chat-2", NOW.minusSeconds(300)));
    List<Pod> pods = List.of(pod("chat-0", true, false), pod("chat-1", false, true));

    assertThat(LostNodes.pastGrace(nodes, pods, GRACE, NOW)).isEmpty();
    assertThat(LostNodes.pastGrace(null, pods, GRACE, NOW)).isEmpty();
  }
}
