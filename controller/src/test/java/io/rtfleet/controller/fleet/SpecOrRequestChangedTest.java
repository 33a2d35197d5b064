package io.rtfleet.controller.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.api.crd.RealtimeFleetStatus;
import io.rtfleet.controller.SampleFleets;
import io.rtfleet.controller.rollout.RolloutRequests;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A fleet's reconciler wakes for its spec and rollout requests, not for its own status writes. */
class SpecOrRequestChangedTest {
  private final SpecOrRequestChanged filter = new SpecOrRequestChanged();

  private static RealtimeFleet fleet() {
    RealtimeFleet fleet = SampleFleets.fleet("prod", "chat", 3);
    fleet.getMetadata().setGeneration(4L);
    return fleet;
  }

  @Test
  void aStatusWriteDoesNotWakeItButASpecEditAndARolloutRequestDo() {
    RealtimeFleet old = fleet();
    RealtimeFleet statusOnly = Serialization.clone(old);
    statusOnly.setStatus(new RealtimeFleetStatus());
    statusOnly.getStatus().setRollout("Complete");
    RealtimeFleet edited = Serialization.clone(old);
    edited.getMetadata().setGeneration(5L);
    RealtimeFleet requested = Serialization.clone(old);
    requested.getMetadata().setAnnotations(Map.of(RolloutRequests.ANNOTATION, "abort"));

    assertThat(filter.accept(statusOnly, old)).isFalse();
    assertThat(filter.accept(edited, old)).isTrue();
    assertThat(filter.accept(requested, old)).isTrue();
    assertThat(filter.accept(old, requested)).as("the request removed once acted on").isTrue();
  }
}
