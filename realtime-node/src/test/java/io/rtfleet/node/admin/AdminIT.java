package io.rtfleet.node.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtfleet.api.protocol.Intent;
import io.rtfleet.api.protocol.Slots;
import io.rtfleet.node.testing.GatewayClient;
import io.rtfleet.node.testing.TestNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdminIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> unauthenticated(TestNode node, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(node.adminBase() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void probesAreOpenAndEverythingElseNeedsTheAdminToken() throws Exception {
    try (TestNode node = TestNode.start()) {
      assertThat(unauthenticated(node, "/healthz").statusCode()).isEqualTo(200);
      assertThat(unauthenticated(node, "/readyz").statusCode()).isEqualTo(200);
      for (String path : List.of("/metrics", "/admin/state", "/admin/drain")) {
        assertThat(unauthenticated(node, path).statusCode()).as(path).isEqualTo(401);
      }
      HttpResponse<String> wrong =
          http.send(
              HttpRequest.newBuilder(URI.create(node.adminBase() + "/admin/tokens"))
                  .header("Authorization", "Bearer not-the-admin-token")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"mallory\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(wrong.statusCode()).isEqualTo(401);
    }
  }

  @Test
  void metricsCountIdentifiesAndTheStateListsSessionsAndGuilds() throws Exception {
    try (TestNode node = TestNode.start()) {
      String token = node.mintToken("observed");
      String guildId =
          node.call("POST", "/guilds", token, "{\"name\":\"observed\"}").get("id").asText();
      try (GatewayClient client = node.connect()) {
        client.identifyAndAwaitReady(token, Intent.GUILDS);
        client.awaitDispatch("GUILD_CREATE");
        String metrics = node.admin("GET", "/metrics", null).body();
        assertThat(metrics)
            .contains(
                "rtfleet_gateway_identifies_total 1.0",
                "rtfleet_sessions 1.0",
                "rtfleet_db_commit_seconds_bucket",
                "jvm_memory_used_bytes",
                "rtfleet_fanout_latency_seconds");
        JsonNode state = JSON.readTree(node.admin("GET", "/admin/state", null).body());
        assertThat(state.at("/sessions/attached").asInt()).isEqualTo(1);
        assertThat(state.get("guilds").asInt()).isEqualTo(1);
        assertThat(state.get("phase").asText()).isEqualTo("ACTIVE");
        assertThat(state.get("ready").asBoolean()).isTrue();
        int slot = Slots.of(Long.parseLong(guildId), Slots.DEFAULT_SLOT_COUNT);
        assertThat(state.get("slots"))
            .singleElement()
            .satisfies(
                load -> {
                  assertThat(load.get("slot").asInt()).isEqualTo(slot);
                  assertThat(load.get("guilds").asInt()).isEqualTo(1);
                  assertThat(load.get("members").asInt()).isEqualTo(1);
                  assertThat(load.get("subscribers").asInt()).isEqualTo(1);
                });
      }
    }
  }

  @Test
  void drainTurnsTheNodeUnreadyAndAsksEverySessionToReconnectInWaves() throws Exception {
    try (TestNode node = TestNode.start()) {
      List<GatewayClient> clients = new ArrayList<>();
      try {
        for (int i = 0; i < 6; i++) {
          GatewayClient client = node.connect();
          client.identifyAndAwaitReady(node.mintToken("drained" + i), Intent.GUILDS);
          clients.add(client);
        }
        HttpResponse<String> started =
            node.admin(
                "POST",
                "/admin/drain",
                "{\"waveSize\":2,\"waveIntervalMillis\":50,\"readinessDelayMillis\":0}");
        assertThat(started.statusCode()).isEqualTo(202);
        assertThat(unauthenticated(node, "/readyz").statusCode()).isEqualTo(503);
        for (GatewayClient client : clients) {
          client.awaitOp(7);
          client.close(4900);
        }
        await()
            .untilAsserted(
                () -> {
                  JsonNode progress = JSON.readTree(node.admin("GET", "/admin/drain", null).body());
                  assertThat(progress.get("phase").asText()).isEqualTo("DRAINED");
                  assertThat(progress.get("sessionsAtStart").asInt()).isEqualTo(6);
                  assertThat(progress.get("signalled").asInt()).isEqualTo(6);
                });
      } finally {
        clients.forEach(GatewayClient::close);
      }
    }
  }
}
