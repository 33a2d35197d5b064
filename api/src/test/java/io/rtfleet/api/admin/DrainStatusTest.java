package io.rtfleet.api.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtfleet.api.placement.NodePhase;
import org.junit.jupiter.api.Test;

class DrainStatusTest {
  @Test
  void aNodeIsDrainedOnlyOnceNoSessionIsAttachedOrWaitingToBeTransferred() {
    assertThat(new DrainStatus(NodePhase.DRAINED, 100, 100, 0, 0).drained()).isTrue();
    assertThat(new DrainStatus(NodePhase.DRAINED, 100, 100, 0, 7).drained())
        .as("seven detached sessions still wait to be pulled")
        .isFalse();
    assertThat(new DrainStatus(NodePhase.DRAINING, 100, 90, 3, 10).drained()).isFalse();
  }
}
