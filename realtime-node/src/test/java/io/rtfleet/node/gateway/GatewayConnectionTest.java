package io.rtfleet.node.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtfleet.node.gateway.GatewayHarness.Client;
import io.rtfleet.node.session.Dispatch;
import io.rtfleet.node.session.Session;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gateway protocol of one connection, driven frame by frame in an EmbeddedChannel. */
class GatewayConnectionTest {
  private GatewayHarness gateway =
      new GatewayHarness(
          config ->
              config
                  .heartbeatInterval(Duration.ofSeconds(40))
                  .clientEventsPerWindow(5)
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

  private Client identified(String token) throws Exception {
    Client client = gateway.connect();
    assertThat(client.next().path("op").asInt()).isEqualTo(10);
    client.send(identify(token));
    JsonNode ready = client.next();
    assertThat(ready.path("t").asText()).isEqualTo("READY");
    return client;
  }

  @Test
  void helloTellsTheHeartbeatInterval() throws Exception {
    JsonNode hello = gateway.connect().next();

    assertThat(hello.path("op").asInt()).isEqualTo(10);
    assertThat(hello.path("d").path("heartbeat_interval").asLong()).isEqualTo(40_000);
  }

  @Test
  void identifyAnswersReadyWithTheSessionAndTheBalancersResumeUrl() throws Exception {
    Client client = gateway.connect();
    client.next();
    client.send(identify(gateway.tokenFor(7, "alice")));

    JsonNode ready = client.next();
    assertThat(ready.path("op").asInt()).isZero();
    assertThat(ready.path("s").asLong()).isEqualTo(1);
    assertThat(ready.path("d").path("user").path("id").asText()).isEqualTo("7");
    assertThat(ready.path("d").path("resume_gateway_url").asText())
        .isEqualTo("ws://balancer.test:9000");
    assertThat(gateway.sessions().get(ready.path("d").path("session_id").asText())).isNotNull();
  }

  @Test
  void aHeartbeatIsAcknowledged() throws Exception {
    Client client = identified(gateway.tokenFor(7, "alice"));

    client.send("{\"op\":1,\"d\":1}");

    assertThat(client.next().path("op").asInt()).isEqualTo(11);
  }

  @Test
  void aSilentClientIsAskedForAHeartbeatThenClosedAsAZombie() throws Exception {
    Client client = identified(gateway.tokenFor(7, "alice"));

    gateway.advanceMillis(41_000, client);
    assertThat(client.next().path("op").asInt()).isEqualTo(1);
    assertThat(client.next()).isNull();

    gateway.advanceMillis(20_000, client);
    assertThat(client.closeCode()).isEqualTo(4009);
  }

  @Test
  void aClientThatKeepsBeatingIsNeverClosed() throws Exception {
    Client client = identified(gateway.tokenFor(7, "alice"));

    for (int beat = 0; beat < 5; beat++) {
      gateway.advanceMillis(39_000, client);
      client.send("{\"op\":1,\"d\":1}");
      assertThat(client.next().path("op").asInt()).isEqualTo(11);
    }
    assertThat(client.channel.isOpen()).isTrue();
  }

  @Test
  void aBadTokenCloses4004() throws Exception {
    Client client = gateway.connect();
    client.next();

    client.send(identify("not-a-token"));

    assertThat(client.closeCode()).isEqualTo(4004);
  }

  @Test
  void sessionOpcodesBeforeIdentifyClose4003() throws Exception {
    Client client = gateway.connect();
    client.next();

    client.send(
        "{\"op\":3,\"d\":{\"status\":\"idle\",\"since\":0,\"activities\":[],\"afk\":true}}");

    assertThat(client.closeCode()).isEqualTo(4003);
  }

  @Test
  void aSecondIdentifyCloses4005() throws Exception {
    String token = gateway.tokenFor(7, "alice");
    Client client = identified(token);

    client.send(identify(token));

    assertThat(client.closeCode()).isEqualTo(4005);
  }

  @Test
  void anUnknownOpcodeCloses4001() throws Exception {
    Client client = gateway.connect();
    client.next();

    client.send("{\"op\":99,\"d\":null}");

    assertThat(client.closeCode()).isEqualTo(4001);
  }

  @Test
  void anUndecodablePayloadCloses4002() throws Exception {
    Client client = gateway.connect();
    client.next();

    client.send("{\"op\":1,");

    assertThat(client.closeCode()).isEqualTo(4002);
  }

  @Test
  void moreEventsThanTheBudgetClose4008() throws Exception {
    Client client = identified(gateway.tokenFor(7, "alice"));

    for (int event = 0; event < 4; event++) {
      client.send("{\"op\":1,\"d\":1}");
      assertThat(client.next().path("op").asInt()).isEqualTo(11);
    }
    client.send("{\"op\":1,\"d\":1}");

    assertThat(client.closeCode()).isEqualTo(4008);
  }

  @Test
  void anUnsupportedVersionCloses4012() throws Exception {
    Client client = gateway.connectWithVersion(false);

    assertThat(client.closeCode()).isEqualTo(4012);
  }

  @Test
  void reconnectSendsOp7OnceThenClosesResumablyAfterTheGrace() throws Exception {
    Client client = identified(gateway.tokenFor(7, "alice"));
    GatewayConnection connection = client.channel.pipeline().get(GatewayConnection.class);

    connection.requestReconnect();
    connection.requestReconnect();
    assertThat(client.next().path("op").asInt()).isEqualTo(7);
    assertThat(client.next()).isNull();

    gateway.advanceMillis(10_000, client);
    assertThat(client.closeCode()).isEqualTo(4000);
  }

  @Test
  void resumingAnUnknownSessionAnswersOp9AndLeavesIdentifyOpen() throws Exception {
    String token = gateway.tokenFor(7, "alice");
    Client client = gateway.connect();
    client.next();

    client.send("{\"op\":6,\"d\":{\"token\":\"" + token + "\",\"session_id\":\"nope\",\"seq\":3}}");
    JsonNode invalid = client.next();
    assertThat(invalid.path("op").asInt()).isEqualTo(9);
    assertThat(invalid.path("d").asBoolean(true)).isFalse();

    client.send(identify(token));
    assertThat(client.next().path("t").asText()).isEqualTo("READY");
  }

  @Test
  void resumeReplaysWhatWasMissedInOrderThenResumed() throws Exception {
    String token = gateway.tokenFor(7, "alice");
    Client first = gateway.connect();
    first.next();
    first.send(identify(token));
    String sessionId = first.next().path("d").path("session_id").asText();
    first.sendClose(4900); // a client's own code: it means to resume
    Session session = gateway.sessions().get(sessionId);
    first.channel.runPendingTasks();
    session.deliver(Dispatch.always("TYPING_START", "{\"n\":1}"));
    session.deliver(Dispatch.always("TYPING_START", "{\"n\":2}"));
    first.channel.runPendingTasks();

    Client second = gateway.connect();
    second.next();
    second.send(
        "{\"op\":6,\"d\":{\"token\":\""
            + token
            + "\",\"session_id\":\""
            + sessionId
            + "\",\"seq\":1}}");
    first.channel.runPendingTasks(); // the session's executor is the first connection's loop

    JsonNode missed1 = second.next();
    JsonNode missed2 = second.next();
    JsonNode resumed = second.next();
    assertThat(missed1.path("s").asLong()).isEqualTo(2);
    assertThat(missed1.path("d").path("n").asInt()).isEqualTo(1);
    assertThat(missed2.path("s").asLong()).isEqualTo(3);
    assertThat(resumed.path("t").asText()).isEqualTo("RESUMED");
  }

  @Test
  void aNormalCloseEndsTheSession() throws Exception {
    Client client = gateway.connect();
    client.next();
    client.send(identify(gateway.tokenFor(7, "alice")));
    String sessionId = client.next().path("d").path("session_id").asText();

    client.sendClose(1000);
    client.channel.runPendingTasks();

    assertThat(gateway.sessions().get(sessionId)).isNull();
  }
}
