package io.rtfleet.controller.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.rtfleet.controller.model.FleetLabels;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvictionReviewTest {
  private static Pod nodePod(String phase, String ip, Map<String, String> annotations) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("chat-1")
        .withLabels(FleetLabels.pod("chat", "abc"))
        .withAnnotations(annotations)
        .endMetadata()
        .withNewStatus()
        .withPhase(phase)
        .withPodIP(ip)
        .endStatus()
        .build();
  }

  @Test
  void theEvictionOfARunningNodePodIsRefusedAndThePodMarkedForADrain() {
    EvictionReview.Decision first =
        EvictionReview.decide(nodePod("Running", "10.0.0.7", new HashMap<>()));

    assertThat(first.allowed()).isFalse();
    assertThat(first.fleet()).isEqualTo("chat");
    assertThat(first.markForDrain()).isTrue();
    assertThat(first.message())
        .contains("chat-1", "RealtimeFleet chat", "drained into a replacement first", "retried");

    EvictionReview.Decision retried =
        EvictionReview.decide(
            nodePod("Running", "10.0.0.7", Map.of(FleetLabels.DRAIN_ANNOTATION, "true")));
    assertThat(retried.allowed()).isFalse();
    assertThat(retried.markForDrain()).isFalse();
  }

  @Test
  void aPodThatIsGoingHoldsNothingOrIsNotANodeIsLetThrough() {
    assertThat(EvictionReview.decide(null).allowed()).isTrue();
    assertThat(
            EvictionReview.decide(
                    nodePod("Running", "10.0.0.7", Map.of(FleetLabels.DRAINED_ANNOTATION, "true")))
                .allowed())
        .isTrue();
    assertThat(EvictionReview.decide(nodePod("Pending", null, Map.of())).allowed()).isTrue();
    Pod deleting = nodePod("Running", "10.0.0.7", Map.of());
    deleting.getMetadata().setDeletionTimestamp("2026-11-30T17:00:00Z");
    assertThat(EvictionReview.decide(deleting).allowed()).isTrue();
    Pod other = nodePod("Running", "10.0.0.7", Map.of());
    other.getMetadata().setLabels(Map.of("app", "web"));
    assertThat(EvictionReview.decide(other).allowed()).isTrue();
  }
}
