package io.rtfleet.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtfleet.api.protocol.Intent;
import io.rtfleet.cli.BenchRun;
import io.rtfleet.node.testing.GatewayClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A fleet that stops with sessions on every node stops quietly: a stopping node tells no peer of
 * the sessions it closes (its peers may be stopping too), and handles no link loss on lanes it has
 * shut down.
 */
class FleetShutdownIT {
  @Test
  void aFleetStoppingWithLiveSessionsLogsNoMissedChangeAndNoFailure() throws Exception {
    LocalFleet fleet = LocalFleet.start(BenchRun.NODE_JAR, 2, List.of("-Xmx256m"), List.of());
    Path logs = fleet.keepLogs();
    List<GatewayClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 10; i++) {
        String token =
            fleet
                .nodes()
                .get(0)
                .target()
                .admin("POST", "/admin/tokens", "{\"username\":\"leaver-" + i + "\"}")
                .join()
                .get("token")
                .asText();
        GatewayClient client =
            GatewayClient.connect(fleet.nodes().get(i % 2).target().gatewayUrl());
        client.awaitOp(10);
        client.identifyAndAwaitReady(token, Intent.GUILDS);
        clients.add(client);
      }
    } finally {
      fleet.close();
      for (GatewayClient client : clients) {
        client.close();
      }
    }
    try {
      for (String node : List.of("node-0", "node-1")) {
        String log = Files.readString(logs.resolve(node + ".log"));
        assertThat(log).as(node).doesNotContain("missed an index change");
        assertThat(log).as(node).doesNotContain("Exception");
      }
    } finally {
      try (var kept = Files.list(logs)) {
        for (Path file : kept.toList()) {
          Files.delete(file);
        }
      }
      Files.delete(logs);
    }
  }
}
