package io.rtfleet.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtfleet.api.protocol.Intent;
import io.rtfleet.cli.client.Target;
import io.rtfleet.node.testing.GatewayClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A session that keeps moving (a rolling restart moves it once per node) is found in two hops at
 * most wherever its client resumes: its home, then the node the session directory names; never by
 * asking every node.
 */
class SessionHopsIT {
  private static final int INTENTS = Intent.GUILDS | Intent.GUILD_MESSAGES;
  @RegisterExtension static final TestFleet test = new TestFleet(4);

  @Test
  void aSessionMovedFromNodeToNodeIsFoundInTwoHopsAtMost() throws Exception {
    String token = test.token("wanderer");
    String sessionId;
    long seq;
    try (GatewayClient client = GatewayClient.connect(test.node(0).gatewayUrl())) {
      client.awaitOp(10);
      sessionId = client.identifyAndAwaitReady(token, INTENTS).get("session_id").asText();
      seq = client.lastSeq();
      client.drop();
    }
    for (int next = 1; next < 4; next++) {
      double before = pulls();
      seq = resumeOn(next, token, sessionId, seq);
      assertThat(pulls() - before).as("pulls to resume on node-%d", next).isBetween(1.0, 2.0);
    }
  }

  /** Pull requests every node has served, found or not. */
  private static double pulls() throws Exception {
    double total = 0;
    for (int i = 0; i < 4; i++) {
      String metrics = test.node(i).metrics();
      for (String found : new String[] {"true", "false"}) {
        double served =
            Target.sample(metrics, "rtfleet_session_pulls_total{found=\"" + found + "\"}");
        total += Double.isNaN(served) ? 0 : served;
      }
    }
    return total;
  }

  private static long resumeOn(int index, String token, String sessionId, long seq)
      throws Exception {
    try (GatewayClient client = GatewayClient.connect(test.node(index).gatewayUrl())) {
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
