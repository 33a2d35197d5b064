package io.rtfleet.node;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NodeConfigTest {
  @Test
  void everyInvalidSettingIsNamedAtOnce() {
    assertThatThrownBy(
            () ->
                NodeConfig.builder()
                    .port(70_000)
                    .nodeId("Node_1")
                    .tokenSecret(new byte[4])
                    .adminToken("short")
                    .heartbeatInterval(Duration.ZERO)
                    .replayCapacity(0)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "invalid node configuration: port must be in [0, 65535] (0 picks a free port): 70000;"
                + " node id must be a DNS label (lowercase letters, digits, '-'): Node_1;"
                + " token secret must be at least 32 bytes;"
                + " admin token must be at least 16 characters;"
                + " heartbeat interval must be positive: PT0S;"
                + " replay capacity must be at least 1: 0");
  }
}
