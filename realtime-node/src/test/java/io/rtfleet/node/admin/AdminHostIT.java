package io.rtfleet.node.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtfleet.node.testing.TestNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** The admin API listens where it is told, not wherever the gateway does. */
class AdminHostIT {
  @Test
  void theAdminApiBindsItsOwnHost() throws Exception {
    try (TestNode node =
        TestNode.start(config -> config.host("127.0.0.1").adminHost("127.0.0.2"))) {
      assertThat(node.admin("GET", "/admin/state", null).statusCode()).isEqualTo(200);
      assertThatThrownBy(
              () -> {
                try (Socket socket = new Socket()) {
                  socket.connect(
                      new InetSocketAddress("127.0.0.1", node.node().adminPort()), 2_000);
                }
              })
          .isInstanceOf(IOException.class);
    }
  }
}
