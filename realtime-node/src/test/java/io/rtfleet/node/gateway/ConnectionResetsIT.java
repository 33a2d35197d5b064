package io.rtfleet.node.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rtfleet.node.testing.CapturedLogs;
import io.rtfleet.node.testing.RawWebSocket;
import io.rtfleet.node.testing.TestNode;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Clients that hang up with a reset (a load generator exiting, a phone losing its network) are
 * counted, and logged once, not as a warning with a stack trace per connection.
 */
class ConnectionResetsIT {
  @Test
  void resetConnectionsAreCountedAndLoggedOnceWithoutStackTraces() throws Exception {
    try (TestNode node = TestNode.start();
        CapturedLogs logs = new CapturedLogs()) {
      List<RawWebSocket> gateways = new ArrayList<>();
      List<Socket> rest = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        gateways.add(RawWebSocket.connect(node.gatewayUrl()));
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", node.node().port()), 2_000);
        socket
            .getOutputStream()
            .write(
                "GET /api/v10/gateway HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
        rest.add(socket);
      }
      for (RawWebSocket gateway : gateways) {
        gateway.reset();
      }
      for (Socket socket : rest) {
        socket.setSoLinger(true, 0);
        socket.close();
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> resets(node) >= 20);
      assertThat(logs.lines())
          .noneMatch(line -> line.contains("failed") && line.contains("|"))
          .filteredOn(line -> line.contains("client connection failed"))
          .hasSizeLessThanOrEqualTo(1);
    }
  }

  private static double resets(TestNode node) throws Exception {
    return node.admin("GET", "/metrics", null)
        .body()
        .lines()
        .filter(line -> line.startsWith("rtfleet_client_connection_resets_total "))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1)))
        .findFirst()
        .orElse(0);
  }
}
