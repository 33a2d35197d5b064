package io.rtfleet.controller.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtfleet.api.crd.RealtimeFleetStatus;
import org.junit.jupiter.api.Test;

/** Promote and abort, acknowledged in the status, and dropped once they no longer apply. */
class RolloutRequestsTest {
  private static RealtimeFleetStatus rollingOut() {
    RealtimeFleetStatus status = new RealtimeFleetStatus();
    status.setCurrentRevision("old");
    status.setUpdateRevision("new");
    return status;
  }

  @Test
  void aPromotionHoldsForItsRevisionUntilItIsRolledOut() {
    RealtimeFleetStatus status = rollingOut();

    RolloutRequests.Acknowledged done =
        RolloutRequests.apply("promote", status, "new", true).orElseThrow();

    assertThat(done.reason()).isEqualTo("RolloutPromoted");
    assertThat(done.warning()).isFalse();
    assertThat(RolloutRequests.promoted(status, "new")).isTrue();
    RolloutRequests.apply(null, status, "new", true);
    assertThat(RolloutRequests.promoted(status, "new")).isTrue();

    status.setCurrentRevision("new");
    RolloutRequests.apply(null, status, "new", true);
    assertThat(status.getPromotedRevision()).isNull();
  }

  @Test
  void anAbortRollsBackUntilTheTemplateChanges() {
    RealtimeFleetStatus status = rollingOut();

    RolloutRequests.Acknowledged done =
        RolloutRequests.apply("abort", status, "new", true).orElseThrow();

    assertThat(done.reason()).isEqualTo("RolloutAborted");
    assertThat(done.message()).contains("replaced by nodes of revision old");
    assertThat(RolloutRequests.aborted(status, "new")).isTrue();
    RolloutRequests.apply(null, status, "new", true);
    assertThat(RolloutRequests.aborted(status, "new")).isTrue();

    RolloutRequests.apply(null, status, "newer", true);
    assertThat(status.getAbortedRevision()).isNull();
  }

  @Test
  void anAbortNeedsTheCurrentTemplateAndARolloutAndPromotionAfterAbortGoesOn() {
    RealtimeFleetStatus status = rollingOut();
    assertThat(RolloutRequests.apply("abort", status, "new", false).orElseThrow().reason())
        .isEqualTo("CannotAbort");
    assertThat(status.getAbortedRevision()).isNull();

    RolloutRequests.apply("abort", status, "new", true);
    RolloutRequests.apply("promote", status, "new", true);
    assertThat(RolloutRequests.aborted(status, "new")).isFalse();
    assertThat(RolloutRequests.promoted(status, "new")).isTrue();

    RealtimeFleetStatus complete = new RealtimeFleetStatus();
    complete.setCurrentRevision("same");
    assertThat(RolloutRequests.apply("abort", complete, "same", true).orElseThrow().reason())
        .isEqualTo("NothingToAbort");
    assertThat(RolloutRequests.apply("promote", complete, "same", true).orElseThrow().reason())
        .isEqualTo("NothingToPromote");
  }

  @Test
  void anUnknownRequestIsNamedInAWarning() {
    RolloutRequests.Acknowledged done =
        RolloutRequests.apply("rewind", rollingOut(), "new", true).orElseThrow();

    assertThat(done.warning()).isTrue();
    assertThat(done.message())
        .isEqualTo("rtfleet.io/rollout=rewind is not a request: use promote or abort");
  }
}
