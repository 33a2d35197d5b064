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
 * A session moves between node processes the way a rolling restart moves it: its client resumes on
 * one node, then on another; the session is found wherever it lives, not only at the node that made
 * it, and resumes with every dispatch, never asked to identify again. Another user's token cannot
 * take it, or end it.
 */
class SessionMoveIT {
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
    return node(0)
        .admin("POST", "/admin/tokens", "{\"username\":\"" + username + "\"}")
        .join()
        .get("token")
        .asText();
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
