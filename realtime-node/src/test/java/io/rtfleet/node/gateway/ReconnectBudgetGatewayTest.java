package io.rtfleet.node.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtfleet.node.gateway.GatewayHarness.Client;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The node's share of the fleet's reconnect budget (here the whole of it, 2 per second: the node is
 * alone): identifies and resumes past it are answered op 9, identifies with {@code d: false},
 * resumes with {@code d: true} (the session waits), and a client that comes back once the budget
 * has refilled gets through on the same connection.
 */
class ReconnectBudgetGatewayTest {
  private final GatewayHarness gateway =
      new GatewayHarness(
          config ->
              config
                  .heartbeatInterval(Duration.ofSeconds(40))
                  .fleetReconnectsPerSecond(2)
                  .reconnectGrace(Duration.ofSeconds(10)));

  @AfterEach
  void stop() throws InterruptedException {
    gateway.close();
  }

  private static String identify(String token) {
    return "{\"op\":2,\"d\":{\"token\":\""
        + token
        + "\",\"intents\":513,"
        + "\"properties\":{\"os\":\"linux\",\"browser\":\"test\",\"device\":\"test\"}}}";
  }

  private static String resume(String token, String sessionId) {
    return "{\"op\":6,\"d\":{\"token\":\""
        + token
        + "\",\"session_id\":\""
        + sessionId
        + "\",\"seq\":1}}";
  }

  private Client hello() throws Exception {
    Client client = gateway.connect();
    assertThat(client.next().path("op").asInt()).isEqualTo(10);
    return client;
  }

  @Test
  void identifiesPastTheBudgetAreToldToComeBackAndGetThroughOnceItRefills() throws Exception {
    Client[] clients = {hello(), hello(), hello()};
    String[] tokens = {
      gateway.tokenFor(1, "ann"), gateway.tokenFor(2, "bob"), gateway.tokenFor(3, "cat")
    };
    for (int i = 0; i < 3; i++) {
      clients[i].send(identify(tokens[i]));
    }

    assertThat(clients[0].next().path("t").asText()).isEqualTo("READY");
    assertThat(clients[1].next().path("t").asText()).isEqualTo("READY");
    JsonNode deferred = clients[2].next();
    assertThat(deferred.path("op").asInt()).isEqualTo(9);
    assertThat(deferred.path("d").asBoolean()).isFalse();
    assertThat(clients[2].channel.isOpen()).isTrue();

    gateway.advanceMillis(1_000, clients);
    clients[2].send(identify(tokens[2]));
    assertThat(clients[2].next().path("t").asText()).isEqualTo("READY");
  }

  @Test
  void aResumePastTheBudgetKeepsTheSessionForTheClientsNextTry() throws Exception {
    String token = gateway.tokenFor(7, "alice");
    Client first = hello();
    first.send(identify(token));
    String sessionId = first.next().path("d").path("session_id").asText();
    first.sendClose(4900);
    first.channel.runPendingTasks();
    Client other = hello();
    other.send(identify(gateway.tokenFor(8, "bert")));
    assertThat(other.next().path("t").asText()).isEqualTo("READY");

    Client second = hello();
    second.send(resume(token, sessionId));
    JsonNode deferred = second.next();
    assertThat(deferred.path("op").asInt()).isEqualTo(9);
    assertThat(deferred.path("d").asBoolean()).as("resumable").isTrue();
    assertThat(gateway.sessions().get(sessionId)).isNotNull();

    gateway.advanceMillis(1_000, first, second);
    second.send(resume(token, sessionId));
    first.channel.runPendingTasks(); // the session's executor is the first connection's loop
    assertThat(second.next().path("t").asText()).isEqualTo("RESUMED");
  }
}
