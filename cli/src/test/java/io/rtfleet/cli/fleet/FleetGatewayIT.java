package io.rtfleet.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtfleet.api.protocol.Intent;
import io.rtfleet.cli.BenchRun;
import io.rtfleet.cli.bench.Target;
import io.rtfleet.node.testing.GatewayClient;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway across node processes, as clients see it. A session moves the way a rolling restart
 * moves it: its client resumes on one node, then on another; the session is found wherever it
 * lives, not only at the node that made it, and resumes, never asked to identify again. Another
 * user's token cannot take it, or end it. A user's presence set on one node shows in its guilds
 * owned by another, to sessions on a third.
 */
class FleetGatewayIT {
  private static final int INTENTS = Intent.GUILDS | Intent.GUILD_MESSAGES;
  private static LocalFleet fleet;

  @BeforeAll
  static void startFleet() throws Exception {
    fleet = LocalFleet.start(BenchRun.NODE_JAR, 3, List.of("-Xmx256m"), List.of());
  }

  @AfterAll
  static void stopFleet() throws Exception {
    if (fleet != null) {
      fleet.close();
    }
  }

  private static Target node(int index) {
    return fleet.nodes().get(index).target();
  }

  private static String tokenFor(String username) {
    return minted(username).get("token").asText();
  }

  private static JsonNode minted(String username) {
    return node(0).admin("POST", "/admin/tokens", "{\"username\":\"" + username + "\"}").join();
  }

  @Test
  void aPresenceSetOnOneNodeShowsInItsGuildOwnedByAnotherToASessionOnAThird() throws Exception {
    String watcherToken = tokenFor("watcher");
    JsonNode actor = minted("actor");
    String guild = guildOwnedBy("node-2", watcherToken);
    node(0)
        .rest(
            "PUT",
            "/guilds/" + guild + "/members/" + actor.at("/user/id").asText(),
            watcherToken,
            null)
        .join();
    try (GatewayClient watcher = GatewayClient.connect(node(0).gatewayUrl());
        GatewayClient acting = GatewayClient.connect(node(1).gatewayUrl())) {
      watcher.awaitOp(10);
      watcher.identifyAndAwaitReady(watcherToken, Intent.GUILDS | Intent.GUILD_PRESENCES);
      watcher.awaitDispatch("GUILD_CREATE");
      acting.awaitOp(10);
      acting.identifyAndAwaitReady(actor.get("token").asText(), Intent.GUILDS);
      watcher.await(p -> isPresence(p, guild, "online"));
      acting.send(
          "{\"op\":3,\"d\":{\"since\":null,\"activities\":[],\"status\":\"dnd\",\"afk\":false}}");
      watcher.await(p -> isPresence(p, guild, "dnd"));
      acting.close(1000);
      watcher.await(p -> isPresence(p, guild, "offline"));
    }
  }

  private static boolean isPresence(JsonNode payload, String guild, String status) {
    return "PRESENCE_UPDATE".equals(payload.path("t").asText())
        && payload.at("/d/guild_id").asText().equals(guild)
        && payload.at("/d/status").asText().equals(status);
  }

  private static String guildOwnedBy(String owner, String token) {
    for (int attempt = 0; attempt < 200; attempt++) {
      String id =
          node(0).rest("POST", "/guilds", token, "{\"name\":\"g\"}").join().get("id").asText();
      String ownerNow =
          node(0).admin("GET", "/admin/placement/owner/" + id, null).join().get("owner").asText();
      if (ownerNow.equals(owner)) {
        return id;
      }
    }
    throw new AssertionError("no guild landed on " + owner);
  }

  @Test
  void aSessionThatMovedBeforeIsFoundWhereItLivesAndResumesThere() throws Exception {
    String token = tokenFor("mover");
    String sessionId;
    long seq;
    try (GatewayClient first = GatewayClient.connect(node(0).gatewayUrl())) {
      first.awaitOp(10);
      sessionId = first.identifyAndAwaitReady(token, INTENTS).get("session_id").asText();
      seq = first.lastSeq();
      first.drop();
    }
    assertThat(sessionId).startsWith("node-0.");

    // moved once: node-1 pulls it from node-0, where it was made
    long movedSeq = resumeOn(1, token, sessionId, seq);
    // moved twice: node-0 no longer has it; node-2 finds it on node-1
    resumeOn(2, token, sessionId, movedSeq);
    // and back to where it was made, which finds it on node-2
    resumeOn(0, token, sessionId, movedSeq);
  }

  @Test
  void anotherUsersTokenNeitherTakesNorEndsTheSession() throws Exception {
    String token = tokenFor("owner");
    String sessionId;
    long seq;
    try (GatewayClient owner = GatewayClient.connect(node(0).gatewayUrl())) {
      owner.awaitOp(10);
      sessionId = owner.identifyAndAwaitReady(token, INTENTS).get("session_id").asText();
      seq = owner.lastSeq();
      owner.drop();
    }
    try (GatewayClient thief = GatewayClient.connect(node(1).gatewayUrl())) {
      thief.awaitOp(10);
      thief.resume(tokenFor("thief"), sessionId, seq);
      assertThat(thief.awaitOp(9).get("d").asBoolean()).isFalse();
    }
    resumeOn(2, token, sessionId, seq);
  }

  /** Resumes the session on node {@code index}; returns the client's last sequence number. */
  private static long resumeOn(int index, String token, String sessionId, long seq)
      throws Exception {
    try (GatewayClient client = GatewayClient.connect(node(index).gatewayUrl())) {
      client.awaitOp(10);
      client.resume(token, sessionId, seq);
      JsonNode resumed =
          client.await(p -> p.path("op").asInt() == 9 || "RESUMED".equals(p.path("t").asText()));
      assertThat(resumed.path("t").asText())
          .as("node-%d answered %s", index, resumed)
          .isEqualTo("RESUMED");
      long last = Math.max(seq, client.lastSeq());
      client.drop();
      return last;
    }
  }
}
