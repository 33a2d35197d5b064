package io.rtfleet.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtfleet.api.admin.TokenGrant;
import io.rtfleet.api.protocol.Intent;
import io.rtfleet.cli.client.Target;
import io.rtfleet.node.testing.GatewayClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gateway across node processes, as clients see it. A session moves the way a rolling restart
 * moves it: its client resumes on one node, then on another; the session is found wherever it
 * lives, not only at the node that made it, and resumes, never asked to identify again. Another
 * user's token cannot take it, or end it. A user's presence set on one node shows in its guilds
 * owned by another, to sessions on a third.
 */
class FleetGatewayIT {
  private static final int INTENTS = Intent.GUILDS | Intent.GUILD_MESSAGES;
  @RegisterExtension static final TestFleet test = new TestFleet(3);

  private static Target node(int index) {
    return test.node(index);
  }

  @Test
  void aPresenceSetOnOneNodeShowsInItsGuildOwnedByAnotherToASessionOnAThird() throws Exception {
    String watcherToken = test.token("watcher");
    TokenGrant actor = test.mint("actor");
    String guild = test.guildOwnedBy("node-2", watcherToken);
    node(0)
        .rest("PUT", "/guilds/" + guild + "/members/" + actor.user().id(), watcherToken, null)
        .join();
    try (GatewayClient watcher = GatewayClient.connect(node(0).gatewayUrl());
        GatewayClient acting = GatewayClient.connect(node(1).gatewayUrl())) {
      watcher.awaitOp(10);
      watcher.identifyAndAwaitReady(watcherToken, Intent.GUILDS | Intent.GUILD_PRESENCES);
      watcher.awaitDispatch("GUILD_CREATE");
      acting.awaitOp(10);
      acting.identifyAndAwaitReady(actor.token(), Intent.GUILDS);
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

  @Test
  void aSessionThatMovedBeforeIsFoundWhereItLivesAndResumesThere() throws Exception {
    String token = test.token("mover");
    Dropped session = identifyAndDrop(token);
    String sessionId = session.id();
    assertThat(sessionId).startsWith("node-0.");

    // moved once: node-1 pulls it from node-0, where it was made
    long movedSeq = resumeOn(1, token, sessionId, session.seq());
    // moved twice: node-0 no longer has it; node-2 finds it on node-1
    resumeOn(2, token, sessionId, movedSeq);
    // and back to where it was made, which finds it on node-2
    resumeOn(0, token, sessionId, movedSeq);
  }

  @Test
  void anotherUsersTokenNeitherTakesNorEndsTheSession() throws Exception {
    String token = test.token("owner");
    Dropped session = identifyAndDrop(token);
    try (GatewayClient thief = GatewayClient.connect(node(1).gatewayUrl())) {
      thief.awaitOp(10);
      thief.resume(test.token("thief"), session.id(), session.seq());
      assertThat(thief.awaitOp(9).get("d").asBoolean()).isFalse();
    }
    resumeOn(2, token, session.id(), session.seq());
  }

  /** A session whose connection dropped: its id and the client's last sequence number. */
  private record Dropped(String id, long seq) {}

  /** Identifies on node-0, then drops the connection as a client losing its network would. */
  private static Dropped identifyAndDrop(String token) throws Exception {
    try (GatewayClient client = GatewayClient.connect(node(0).gatewayUrl())) {
      client.awaitOp(10);
      String sessionId = client.identifyAndAwaitReady(token, INTENTS).get("session_id").asText();
      long seq = client.lastSeq();
      client.drop();
      return new Dropped(sessionId, seq);
    }
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
