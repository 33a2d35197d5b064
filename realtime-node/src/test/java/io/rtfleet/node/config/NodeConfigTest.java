package io.rtfleet.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NodeConfigTest {
  @Test
  void theAdminApiStaysOnLoopbackWhenTheGatewayIsExposed() {
    NodeConfig config =
        NodeConfig.builder()
            .host("0.0.0.0")
            .tokenSecret(new byte[32])
            .adminToken("an-admin-token-long-enough")
            .build();
    assertThat(config.adminHost()).isEqualTo("127.0.0.1");
  }

  @Test
  void aPeerTimeoutShorterThanTwoHeartbeatsIsRefused() {
    assertThatThrownBy(
            () ->
                NodeConfig.builder()
                    .tokenSecret(new byte[32])
                    .adminToken("an-admin-token-long-enough")
                    .peerHeartbeatInterval(Duration.ofSeconds(1))
                    .peerTimeout(Duration.ofMillis(1500))
                    .build())
        .hasMessageContaining("peer timeout must be at least twice the peer heartbeat interval");
  }

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
