package io.rtfleet.node.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtfleet.node.gateway.protocol.HeartbeatMonitor.Verdict;
import org.junit.jupiter.api.Test;

class HeartbeatMonitorTest {
  private final HeartbeatMonitor monitor = new HeartbeatMonitor(40, 0);

  @Test
  void silenceUpToOneIntervalIsFine() {
    assertThat(monitor.check(40)).isEqualTo(Verdict.FINE);
  }

  @Test
  void pastOneIntervalTheClientIsAskedOnce() {
    assertThat(monitor.check(41)).isEqualTo(Verdict.ASK_FOR_HEARTBEAT);
    assertThat(monitor.check(50)).isEqualTo(Verdict.FINE);
  }

  @Test
  void pastAnIntervalAndAHalfItIsAZombie() {
    monitor.check(41);

    assertThat(monitor.check(61)).isEqualTo(Verdict.ZOMBIE);
  }

  @Test
  void aHeartbeatRestartsTheCountAndAllowsAskingAgain() {
    monitor.check(41);
    monitor.heartbeatReceived(55);

    assertThat(monitor.check(90)).isEqualTo(Verdict.FINE);
    assertThat(monitor.check(96)).isEqualTo(Verdict.ASK_FOR_HEARTBEAT);
  }

  @Test
  void checksFourTimesAnInterval() {
    assertThat(monitor.checkEveryNanos()).isEqualTo(10);
    assertThat(new HeartbeatMonitor(1, 0).checkEveryNanos()).isEqualTo(1);
  }
}
