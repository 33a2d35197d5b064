package io.rtfleet.node.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtfleet.api.protocol.Intent;
import io.rtfleet.node.testing.GatewayClient;
import io.rtfleet.node.testing.TestNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GatewayIT {
  private static final int ALL_GUILD_INTENTS =
      Intent.GUILDS | Intent.GUILD_MEMBERS | Intent.GUILD_MESSAGES | Intent.MESSAGE_CONTENT;

  private static TestNode node;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNode.start(config -> config.heartbeatInterval(Duration.ofSeconds(30)));
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.close();
  }

  private record World(
      String owner, String member, String stranger, String guildId, String channelId) {}

  private static World world(String prefix) throws Exception {
    String owner = node.mintToken(prefix + "-owner");
    String member = node.mintToken(prefix + "-member");
    String stranger = node.mintToken(prefix + "-stranger");
    JsonNode guild = node.call("POST", "/guilds", owner, "{\"name\":\"" + prefix + "\"}");
    String guildId = guild.get("id").asText();
    String memberId = node.call("GET", "/users/@me", member, null).get("id").asText();
    node.call("PUT", "/guilds/" + guildId + "/members/" + memberId, owner, null);
    String channelId =
        node.call("POST", "/guilds/" + guildId + "/channels", owner, "{\"name\":\"chat\"}")
            .get("id")
            .asText();
    return new World(owner, member, stranger, guildId, channelId);
  }

  private static void post(String token, String channelId, String content) throws Exception {
    node.call(
        "POST", "/channels/" + channelId + "/messages", token, "{\"content\":\"" + content + "\"}");
  }

  @Test
  void helloCarriesTheHeartbeatIntervalAndHeartbeatsAreAcked() throws Exception {
    try (GatewayClient client = node.connect()) {
      JsonNode hello = client.awaitOp(10);
      assertThat(hello.at("/d/heartbeat_interval").asLong()).isEqualTo(30_000);
      client.heartbeat(null);
      client.awaitOp(11);
    }
  }

  @Test
  void identifyGetsReadyThenOneAvailableGuildCreatePerGuild() throws Exception {
    World world = world("ready");
    try (GatewayClient client = node.connect()) {
      JsonNode ready = client.identifyAndAwaitReady(world.member(), ALL_GUILD_INTENTS);
      assertThat(ready.get("session_id").asText()).hasSize(32);
      assertThat(ready.get("resume_gateway_url").asText()).isEqualTo(node.gatewayUrl());
      assertThat(ready.at("/user/username").asText()).isEqualTo("ready-member");
      assertThat(ready.at("/application/id").asText()).isNotEmpty();
      assertThat(ready.get("guilds")).hasSize(1);
      assertThat(ready.at("/guilds/0/unavailable").asBoolean()).isTrue();

      JsonNode create = client.awaitDispatch("GUILD_CREATE").get("d");
      assertThat(create.get("id").asText()).isEqualTo(world.guildId());
      assertThat(create.get("unavailable").asBoolean()).isFalse();
      assertThat(create.get("member_count").asInt()).isEqualTo(2);
      for (String array :
          List.of(
              "roles",
              "channels",
              "threads",
              "emojis",
              "stickers",
              "members",
              "presences",
              "voice_states",
              "guild_scheduled_events")) {
        assertThat(create.get(array).isArray()).as(array).isTrue();
      }
      assertThat(create.get("channels"))
          .extracting(c -> c.get("name").asText())
          .contains("general", "chat");
      assertThat(create.at("/roles/0/colors/primary_color").isInt()).isTrue();
      assertThat(client.dispatches()).extracting(d -> d.get("s").asLong()).containsExactly(1L, 2L);
    }
  }

  @Test
  void messageReachesEveryMemberSessionAndNoOneElse() throws Exception {
    World world = world("fanout");
    try (GatewayClient owner = node.connect();
        GatewayClient member = node.connect();
        GatewayClient memberSecondDevice = node.connect();
        GatewayClient stranger = node.connect()) {
      owner.identifyAndAwaitReady(world.owner(), ALL_GUILD_INTENTS);
      member.identifyAndAwaitReady(world.member(), ALL_GUILD_INTENTS);
      memberSecondDevice.identifyAndAwaitReady(world.member(), ALL_GUILD_INTENTS);
      stranger.identifyAndAwaitReady(world.stranger(), ALL_GUILD_INTENTS);
      for (GatewayClient client : List.of(owner, member, memberSecondDevice)) {
        client.awaitDispatch("GUILD_CREATE");
      }

      post(world.owner(), world.channelId(), "hello everyone");

      for (GatewayClient client : List.of(owner, member, memberSecondDevice)) {
        JsonNode message = client.awaitDispatch("MESSAGE_CREATE").get("d");
        assertThat(message.get("content").asText()).isEqualTo("hello everyone");
        assertThat(message.get("channel_id").asText()).isEqualTo(world.channelId());
        assertThat(message.get("guild_id").asText()).isEqualTo(world.guildId());
        assertThat(message.at("/author/username").asText()).isEqualTo("fanout-owner");
        assertThat(message.get("mentions").isArray()).isTrue();
        assertThat(message.get("timestamp").asText()).endsWith("+00:00");
      }
      // The stranger's only dispatch is READY: by the time three members got the message, a
      // wrongly addressed copy would have been written to it too.
      post(world.owner(), world.channelId(), "second");
      member.await(p -> p.at("/d/content").asText().equals("second"));
      assertThat(stranger.dispatches())
          .extracting(d -> d.get("t").asText())
          .containsExactly("READY");
    }
  }

  @Test
  void intentsFilterWhatASessionReceives() throws Exception {
    World world = world("intents");
    try (GatewayClient noMessages = node.connect();
        GatewayClient noContent = node.connect();
        GatewayClient everything = node.connect()) {
      noMessages.identifyAndAwaitReady(world.member(), Intent.GUILDS);
      noContent.identifyAndAwaitReady(world.member(), Intent.GUILDS | Intent.GUILD_MESSAGES);
      everything.identifyAndAwaitReady(world.member(), ALL_GUILD_INTENTS);
      List.of(noMessages, noContent, everything).forEach(c -> c.awaitDispatch("GUILD_CREATE"));

      post(world.owner(), world.channelId(), "secret words");
      node.call(
          "POST",
          "/guilds/" + world.guildId() + "/channels",
          world.owner(),
          "{\"name\":\"after\"}");

      assertThat(everything.awaitDispatch("MESSAGE_CREATE").at("/d/content").asText())
          .isEqualTo("secret words");
      assertThat(noContent.awaitDispatch("MESSAGE_CREATE").at("/d/content").asText()).isEmpty();
      // CHANNEL_CREATE comes after the message on the guild; once it arrived, the message
      // would have too.
      noMessages.awaitDispatch("CHANNEL_CREATE");
      assertThat(noMessages.dispatches("MESSAGE_CREATE")).isEmpty();
    }
  }

  @Test
  void resumeAfterADroppedConnectionReplaysEveryMissedDispatchInOrder() throws Exception {
    World world = world("resume");
    String sessionId;
    long lastSeen;
    try (GatewayClient first = node.connect()) {
      sessionId =
          first.identifyAndAwaitReady(world.member(), ALL_GUILD_INTENTS).get("session_id").asText();
      first.awaitDispatch("GUILD_CREATE");
      post(world.owner(), world.channelId(), "m0");
      first.await(p -> p.at("/d/content").asText().equals("m0"));
      lastSeen = first.lastSeq();
      first.drop();
    }
    for (int i = 1; i <= 5; i++) {
      post(world.owner(), world.channelId(), "m" + i);
    }
    try (GatewayClient second = node.connect()) {
      second.awaitOp(10);
      second.resume(world.member(), sessionId, lastSeen);
      second.awaitDispatch("RESUMED");
      List<JsonNode> dispatches = second.dispatches();
      assertThat(dispatches)
          .extracting(d -> d.at("/d/content").asText(""))
          .startsWith("m1", "m2", "m3", "m4", "m5");
      assertThat(dispatches)
          .extracting(d -> d.get("s").asLong())
          .containsExactly(
              lastSeen + 1, lastSeen + 2, lastSeen + 3, lastSeen + 4, lastSeen + 5, lastSeen + 6);
      assertThat(dispatches.get(5).get("t").asText()).isEqualTo("RESUMED");
      assertThat(dispatches.get(5).get("d").isObject()).isTrue();

      post(world.owner(), world.channelId(), "live");
      JsonNode live = second.await(p -> p.at("/d/content").asText().equals("live"));
      assertThat(live.get("s").asLong()).isEqualTo(lastSeen + 7);
    }
  }

  @Test
  void reconnectRequestThenResumeLosesAndRepeatsNothing() throws Exception {
    World world = world("op7");
    try (GatewayClient first = node.connect()) {
      String sessionId =
          first.identifyAndAwaitReady(world.member(), ALL_GUILD_INTENTS).get("session_id").asText();
      first.awaitDispatch("GUILD_CREATE");
      node.admin("POST", "/admin/reconnect", "{\"sessionId\":\"" + sessionId + "\"}");
      first.awaitOp(7);
      long seen = first.lastSeq();
      first.close(4900);
      post(world.owner(), world.channelId(), "while away");
      try (GatewayClient second = node.connect()) {
        second.resume(world.member(), sessionId, seen);
        second.awaitDispatch("RESUMED");
        assertThat(second.dispatches())
            .extracting(d -> d.get("t").asText())
            .containsExactly("MESSAGE_CREATE", "RESUMED");
        assertThat(second.dispatches().get(0).get("s").asLong()).isEqualTo(seen + 1);
      }
    }
  }

  @Test
  void aNormalCloseEndsTheSessionSoResumeIsRefused() throws Exception {
    World world = world("normal-close");
    String sessionId;
    try (GatewayClient first = node.connect()) {
      sessionId =
          first.identifyAndAwaitReady(world.member(), ALL_GUILD_INTENTS).get("session_id").asText();
      first.close(1000);
      first.awaitClose();
    }
    try (GatewayClient second = node.connect()) {
      await()
          .untilAsserted(
              () -> {
                second.resume(world.member(), sessionId, 1);
                JsonNode invalid = second.awaitOp(9);
                assertThat(invalid.get("d").asBoolean()).isFalse();
              });
    }
  }

  @Test
  void resumeOfAnUnknownSessionIsInvalidSessionNotResumable() throws Exception {
    String token = node.mintToken("nobody");
    try (GatewayClient client = node.connect()) {
      client.resume(token, "0123456789abcdef0123456789abcdef", 3);
      assertThat(client.awaitOp(9).get("d").asBoolean()).isFalse();
    }
  }

  @Test
  void zlibStreamCompressesEveryPayloadInOneStream() throws Exception {
    World world = world("zlib");
    try (GatewayClient client = node.connect("?v=10&encoding=json&compress=zlib-stream")) {
      client.awaitOp(10);
      client.identifyAndAwaitReady(world.member(), ALL_GUILD_INTENTS);
      client.awaitDispatch("GUILD_CREATE");
      post(world.owner(), world.channelId(), "compressed");
      assertThat(client.awaitDispatch("MESSAGE_CREATE").at("/d/content").asText())
          .isEqualTo("compressed");
    }
  }

  @Test
  void memberJoinAndLeaveReachTheGuildAndTheUser() throws Exception {
    World world = world("members");
    String joinerToken = node.mintToken("members-joiner");
    String joinerId = node.call("GET", "/users/@me", joinerToken, null).get("id").asText();
    try (GatewayClient owner = node.connect();
        GatewayClient joiner = node.connect()) {
      owner.identifyAndAwaitReady(world.owner(), ALL_GUILD_INTENTS);
      owner.awaitDispatch("GUILD_CREATE");
      joiner.identifyAndAwaitReady(joinerToken, ALL_GUILD_INTENTS);

      node.call("PUT", "/guilds/" + world.guildId() + "/members/" + joinerId, world.owner(), null);
      assertThat(owner.awaitDispatch("GUILD_MEMBER_ADD").at("/d/user/id").asText())
          .isEqualTo(joinerId);
      assertThat(joiner.awaitDispatch("GUILD_CREATE").at("/d/id").asText())
          .isEqualTo(world.guildId());

      node.call(
          "DELETE", "/guilds/" + world.guildId() + "/members/" + joinerId, world.owner(), null);
      assertThat(owner.awaitDispatch("GUILD_MEMBER_REMOVE").at("/d/user/id").asText())
          .isEqualTo(joinerId);
      assertThat(joiner.awaitDispatch("GUILD_DELETE").at("/d/id").asText())
          .isEqualTo(world.guildId());
    }
  }

  @Test
  void presenceAndTypingReachSessionsWithTheirIntents() throws Exception {
    World world = world("presence");
    try (GatewayClient watcher = node.connect();
        GatewayClient actor = node.connect()) {
      watcher.identifyAndAwaitReady(
          world.owner(), Intent.GUILDS | Intent.GUILD_PRESENCES | Intent.GUILD_MESSAGE_TYPING);
      watcher.awaitDispatch("GUILD_CREATE");
      actor.identifyAndAwaitReady(world.member(), Intent.GUILDS);
      watcher.await(
          p ->
              "PRESENCE_UPDATE".equals(p.path("t").asText())
                  && p.at("/d/status").asText().equals("online"));
      actor.send(
          "{\"op\":3,\"d\":{\"since\":null,\"activities\":[],\"status\":\"dnd\",\"afk\":false}}");
      watcher.await(
          p ->
              "PRESENCE_UPDATE".equals(p.path("t").asText())
                  && p.at("/d/status").asText().equals("dnd"));

      node.call("POST", "/channels/" + world.channelId() + "/typing", world.member(), null);
      assertThat(watcher.awaitDispatch("TYPING_START").at("/d/channel_id").asText())
          .isEqualTo(world.channelId());
    }
  }

  @Test
  void messageEditAndDeleteAreDispatched() throws Exception {
    World world = world("edits");
    try (GatewayClient client = node.connect()) {
      client.identifyAndAwaitReady(world.member(), ALL_GUILD_INTENTS);
      client.awaitDispatch("GUILD_CREATE");
      JsonNode message =
          node.call(
              "POST",
              "/channels/" + world.channelId() + "/messages",
              world.member(),
              "{\"content\":\"v1\"}");
      String path = "/channels/" + world.channelId() + "/messages/" + message.get("id").asText();
      node.call("PATCH", path, world.member(), "{\"content\":\"v2\"}");
      node.call("DELETE", path, world.owner(), null);
      assertThat(client.awaitDispatch("MESSAGE_UPDATE").at("/d/content").asText()).isEqualTo("v2");
      assertThat(client.awaitDispatch("MESSAGE_DELETE").at("/d/id").asText())
          .isEqualTo(message.get("id").asText());
      assertThat(client.dispatches())
          .extracting(d -> d.get("t").asText())
          .endsWith("MESSAGE_CREATE", "MESSAGE_UPDATE", "MESSAGE_DELETE");
    }
  }
}
