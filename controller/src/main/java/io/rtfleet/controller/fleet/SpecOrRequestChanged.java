package io.rtfleet.controller.fleet;

import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.controller.rollout.RolloutRequests;
import java.util.Map;
import java.util.Objects;

/**
 * Which edits of a fleet wake its reconciler at once: its spec (a new generation), a rollout
 * request annotation (promote, abort: an emergency should not wait for the next pass), its deletion
 * and its finalizers. Not its status, which the reconciler writes itself: reacting to that would
 * run a pass after every pass.
 */
public final class SpecOrRequestChanged implements OnUpdateFilter<RealtimeFleet> {
  @Override
  public boolean accept(RealtimeFleet updated, RealtimeFleet old) {
    return !Objects.equals(updated.getMetadata().getGeneration(), old.getMetadata().getGeneration())
        || !Objects.equals(request(updated), request(old))
        || !Objects.equals(
            updated.getMetadata().getDeletionTimestamp(), old.getMetadata().getDeletionTimestamp())
        || !Objects.equals(
            updated.getMetadata().getFinalizers(), old.getMetadata().getFinalizers());
  }

  private static String request(RealtimeFleet fleet) {
    Map<String, String> annotations = fleet.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(RolloutRequests.ANNOTATION);
  }
}
