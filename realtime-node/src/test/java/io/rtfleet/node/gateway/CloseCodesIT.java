package io.rtfleet.node.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtfleet.api.protocol.Intent;
import io.rtfleet.node.testing.GatewayClient;
import io.rtfleet.node.testing.RawWebSocket;
import io.rtfleet.node.testing.TestNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each close code the gateway uses, provoked the way a misbehaving client would. */
class CloseCodesIT {
  private static TestNode node;
  private static String token;

  @BeforeAll
  static void startNode() throws Exception {
    node =
        TestNode.start(
            config ->
                config
                    .heartbeatInterval(Duration.ofMillis(400))
                    .clientEventsPerWindow(10)
                    .maxGuildsPerShard(2));
    token = node.mintToken("closer");
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.close();
  }

  private static int closeAfter(String... payloads) throws Exception {
    try (GatewayClient client = node.connect()) {
      client.awaitOp(10);
      for (String payload : payloads) {
        client.send(payload);
      }
      return client.awaitClose();
    }
  }

  private static String identify(String token, long intents) {
    return "{\"op\":2,\"d\":{\"token\":\""
        + token
        + "\",\"intents\":"
        + intents
        + ",\"properties\":{}}}";
  }

  @Test
  void unknownOpcodeIs4001() throws Exception {
    assertThat(closeAfter("{\"op\":42,\"d\":null}")).isEqualTo(4001);
  }

  @Test
  void invalidJsonIs4002() throws Exception {
    assertThat(closeAfter("{\"op\":1,")).isEqualTo(4002);
  }

  @Test
  void payloadWithoutIntegerOpIs4002() throws Exception {
    assertThat(closeAfter("{\"op\":\"1\"}")).isEqualTo(4002);
  }

  @Test
  void payloadOver4096BytesIs4002() throws Exception {
    String big = "{\"op\":1,\"d\":\"" + "x".repeat(4100) + "\"}";
    assertThat(closeAfter(big)).isEqualTo(4002);
  }

  @Test
  void anythingButHeartbeatBeforeIdentifyIs4003() throws Exception {
    assertThat(closeAfter("{\"op\":3,\"d\":{\"status\":\"idle\"}}")).isEqualTo(4003);
  }

  @Test
  void badTokenIs4004() throws Exception {
    assertThat(closeAfter(identify(token + "x", Intent.GUILDS))).isEqualTo(4004);
    assertThat(closeAfter(identify("not.a.token", Intent.GUILDS))).isEqualTo(4004);
  }

  @Test
  void aUserTokenSentAsABotTokenIs4004() throws Exception {
    assertThat(closeAfter(identify("Bot " + token, Intent.GUILDS))).isEqualTo(4004);
  }

  @Test
  void aBotTokenWithOrWithoutItsPrefixIdentifies() throws Exception {
    String bot = node.mintBotToken("prefixed-bot");
    for (String sent : new String[] {"Bot " + bot, bot}) {
      try (GatewayClient client = node.connect()) {
        client.awaitOp(10);
        client.send(identify(sent, Intent.GUILDS));
        client.awaitDispatch("READY");
      }
    }
  }

  @Test
  void aCloseCodeNoClientMaySendIs4002NotEchoed() throws Exception {
    for (int code : new int[] {5000, 65535, 2999, 1004}) {
      try (RawWebSocket client = RawWebSocket.connect(node.gatewayUrl())) {
        client.readFrame(); // HELLO
        client.sendClose(code);
        assertThat(client.awaitClose(Duration.ofSeconds(10)))
            .as("close code " + code)
            .isEqualTo(4002);
      }
    }
  }

  @Test
  void aCloseCodeAClientMaySendIsEchoed() throws Exception {
    try (RawWebSocket client = RawWebSocket.connect(node.gatewayUrl())) {
      client.readFrame();
      client.sendClose(4900);
      assertThat(client.awaitClose(Duration.ofSeconds(10))).isEqualTo(4900);
    }
  }

  @Test
  void secondIdentifyIs4005() throws Exception {
    try (GatewayClient client = node.connect()) {
      client.identifyAndAwaitReady(token, Intent.GUILDS);
      client.send(identify(token, Intent.GUILDS));
      assertThat(client.awaitClose()).isEqualTo(4005);
    }
  }

  @Test
  void moreEventsThanTheBudgetIs4008() throws Exception {
    String[] flood = new String[11];
    java.util.Arrays.fill(flood, "{\"op\":1,\"d\":null}");
    assertThat(closeAfter(flood)).isEqualTo(4008);
  }

  @Test
  void missedHeartbeatsAre4009() throws Exception {
    try (GatewayClient client = node.connect()) {
      client.identifyAndAwaitReady(token, Intent.GUILDS);
      // the server first asks for a heartbeat (op 1), then closes the zombie
      client.awaitOp(1);
      assertThat(client.awaitClose()).isEqualTo(4009);
    }
  }

  @Test
  void invalidShardIs4010() throws Exception {
    String shard = "{\"op\":2,\"d\":{\"token\":\"" + token + "\",\"intents\":1,\"shard\":[2,2]}}";
    assertThat(closeAfter(shard)).isEqualTo(4010);
  }

  @Test
  void tooManyGuildsOnOneShardIs4011() throws Exception {
    String busy = node.mintToken("busy");
    for (int i = 0; i < 3; i++) {
      node.call("POST", "/guilds", busy, "{\"name\":\"g" + i + "\"}");
    }
    assertThat(closeAfter(identify(busy, Intent.GUILDS))).isEqualTo(4011);
  }

  @Test
  void unsupportedApiVersionIs4012() throws Exception {
    try (GatewayClient client = node.connect("?v=6&encoding=json")) {
      assertThat(client.awaitClose()).isEqualTo(4012);
    }
  }

  @Test
  void unknownIntentBitsAre4013() throws Exception {
    assertThat(closeAfter(identify(token, 1L << 30))).isEqualTo(4013);
  }

  @Test
  void privilegedIntentsNotEnabledAre4014() throws Exception {
    String restricted =
        node.mint("{\"username\":\"restricted\",\"bot\":true,\"privilegedIntents\":false}");
    assertThat(closeAfter(identify(restricted, Intent.GUILDS | Intent.MESSAGE_CONTENT)))
        .isEqualTo(4014);
  }

  @Test
  void aReaderTooSlowForItsSendBufferIs4000AndMayResume() throws Exception {
    // The client sends no heartbeat: a long window leaves the send buffer the only reason to close,
    // however long a busy machine takes to fill it.
    try (TestNode small =
        TestNode.start(
            config ->
                config
                    .sendBufferBytes(8 * 1024)
                    .replayCapacity(10_000)
                    .heartbeatInterval(Duration.ofMinutes(10)))) {
      String owner = small.mintToken("slow-owner");
      String guildId =
          small.call("POST", "/guilds", owner, "{\"name\":\"slow\"}").get("id").asText();
      String channelId =
          small
              .call("GET", "/guilds/" + guildId + "/channels", owner, null)
              .get(0)
              .get("id")
              .asText();
      String sessionId;
      try (GatewayClient slow = small.connect()) {
        sessionId =
            slow.identifyAndAwaitReady(owner, Intent.GUILDS | Intent.GUILD_MESSAGES)
                .get("session_id")
                .asText();
        slow.awaitDispatch("GUILD_CREATE");
        slow.stopReading();
        String message = "{\"content\":\"" + "y".repeat(1900) + "\"}";
        // Loopback's socket buffers hold megabytes: thousands of posts fill them. The metrics
        // are read every hundred only, which halves the requests.
        for (int i = 0; i < 20_000 && (i % 100 != 0 || !closesWith(small, "4000")); i++) {
          small.call("POST", "/channels/" + channelId + "/messages", owner, message);
        }
      }
      assertThat(closesWith(small, "4000")).isTrue();
      try (GatewayClient back = small.connect()) {
        back.resume(owner, sessionId, 2);
        back.awaitDispatch("RESUMED");
        assertThat(back.dispatches("MESSAGE_CREATE")).isNotEmpty();
      }
    }
  }

  private static boolean closesWith(TestNode target, String code) throws Exception {
    return target
        .admin("GET", "/metrics", null)
        .body()
        .lines()
        .anyMatch(line -> line.startsWith("rtfleet_gateway_closes_total{code=\"" + code + "\"}"));
  }

  @Test
  void identifyBeyondTheBucketLimitIsInvalidSession() throws Exception {
    try (TestNode strict =
        TestNode.start(
            config -> config.identifiesPerBucket(1).identifyWindow(Duration.ofMinutes(1)))) {
      String once = strict.mintToken("once");
      try (GatewayClient first = strict.connect();
          GatewayClient second = strict.connect()) {
        first.identifyAndAwaitReady(once, Intent.GUILDS);
        second.identify(once, Intent.GUILDS);
        assertThat(second.awaitOp(9).get("d").asBoolean()).isFalse();
        assertThat(second.isClosed()).isFalse();
      }
    }
  }
}
