package io.rtfleet.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtfleet.api.admin.TokenRequest;
import io.rtfleet.api.protocol.Intent;
import io.rtfleet.cli.BenchRun;
import io.rtfleet.node.testing.GatewayClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A fleet stopping while its clients leave, as at the end of every bench run: nodes stop one by
 * one, the clients of the others hang up meanwhile. A node that cannot tell a stopped peer of its
 * clients' departures says so once, not once per client, and no node logs a failure.
 */
class FleetShutdownIT {
  private static final int CLIENTS = 20;

  @Test
  void aFleetStoppingWhileItsClientsLeaveSaysOnceWhatAStoppedPeerMissed() throws Exception {
    LocalFleet fleet = LocalFleet.start(BenchRun.NODE_JAR, 2, List.of("-Xmx256m"), List.of());
    Path logs = fleet.keepLogs();
    List<GatewayClient> clients = new ArrayList<>();
    try {
      FleetNode survivor = fleet.node("node-1");
      for (int i = 0; i < CLIENTS; i++) {
        String token = survivor.admin().mintToken(TokenRequest.user("leaver-" + i)).join().token();
        GatewayClient client = GatewayClient.connect(survivor.target().gatewayUrl());
        client.awaitOp(10);
        client.identifyAndAwaitReady(token, Intent.GUILDS);
        clients.add(client);
      }
      fleet.node("node-0").stop();
      for (GatewayClient client : clients) {
        client.close(1000);
        client.close();
      }
      // Each departure is a status change node-1 would tell node-0 of.
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> survivor.admin().state().join().sessions().total() == 0);
    } finally {
      fleet.close();
    }
    try {
      String survivorLog = Files.readString(logs.resolve("node-1.log"));
      assertThat(survivorLog.lines().filter(line -> line.contains("missed a directory change")))
          .hasSizeLessThanOrEqualTo(1);
      for (String node : List.of("node-0", "node-1")) {
        assertThat(Files.readString(logs.resolve(node + ".log")))
            .as(node)
            .doesNotContain("Exception");
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
