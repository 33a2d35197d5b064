package io.rtfleet.node.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtfleet.api.admin.DrainRequest;
import io.rtfleet.api.protocol.Intent;
import io.rtfleet.node.testing.GatewayClient;
import io.rtfleet.node.testing.TestNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A node's phase as an operator steers it: cordoned, drained, drain cancelled; the phase outlives a
 * restart; readiness follows it; a drain waits for load balancers before its first wave and asks
 * again every session that attaches while it drains.
 */
class LifecycleIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  private int readiness(TestNode node) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(node.adminBase() + "/readyz")).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static JsonNode call(TestNode node, String method, String path, String body)
      throws Exception {
    HttpResponse<String> answer = node.admin(method, path, body);
    assertThat(answer.statusCode())
        .as(method + " " + path + ": " + answer.body())
        .isBetween(200, 202);
    return JSON.readTree(answer.body());
  }

  @Test
  void aCordonedNodeIsUnreadyAndARestartLeavesItCordoned() throws Exception {
    try (TestNode node = TestNode.start()) {
      assertThat(call(node, "POST", "/admin/cordon", null).get("phase").asText())
          .isEqualTo("CORDONED");
      assertThat(readiness(node)).isEqualTo(503);

      node.restart();

      assertThat(call(node, "GET", "/admin/state", null).get("phase").asText())
          .isEqualTo("CORDONED");
      assertThat(readiness(node)).isEqualTo(503);
      assertThat(call(node, "DELETE", "/admin/cordon", null).get("ready").asBoolean()).isTrue();
      assertThat(readiness(node)).isEqualTo(200);
    }
  }

  @Test
  void aCancelledDrainMakesTheNodeReadyAgainWithTheSessionsItKept() throws Exception {
    try (TestNode node = TestNode.start();
        GatewayClient kept = node.connect()) {
      kept.identifyAndAwaitReady(node.mintToken("stayer"), Intent.GUILDS);
      assertThat(call(node, "POST", "/admin/drain", "{\"reconnect\":false}").get("phase").asText())
          .isEqualTo("DRAINING");
      assertThat(readiness(node)).isEqualTo(503);

      JsonNode cancelled = call(node, "DELETE", "/admin/drain", null);

      assertThat(cancelled.get("phase").asText()).isEqualTo("ACTIVE");
      assertThat(cancelled.get("attached").asInt()).isEqualTo(1);
      assertThat(readiness(node)).isEqualTo(200);
      assertThat(kept.isClosed()).isFalse();
    }
  }

  /**
   * A draining node still answers REST requests, but closes their connections: a client's next
   * request goes through the Service to a node that stays, not here again until the node is gone.
   */
  @Test
  void aDrainingNodeAnswersRestRequestsAndClosesTheirConnections() throws Exception {
    try (TestNode node = TestNode.start()) {
      String token = node.mintToken("poster");
      HttpResponse<String> before = node.rest("GET", "/users/@me", token, null);
      assertThat(before.statusCode()).isEqualTo(200);
      assertThat(before.headers().firstValue("connection")).hasValue("keep-alive");

      call(node, "POST", "/admin/drain", "{\"reconnect\":false}");

      HttpResponse<String> draining = node.rest("GET", "/users/@me", token, null);
      assertThat(draining.statusCode()).isEqualTo(200);
      assertThat(draining.headers().firstValue("connection")).hasValue("close");
    }
  }

  @Test
  void theFirstWaveWaitsForTheReadinessDelay() throws Exception {
    try (TestNode node = TestNode.start();
        GatewayClient client = node.connect()) {
      client.identifyAndAwaitReady(node.mintToken("patient"), Intent.GUILDS);
      long started = System.nanoTime();
      call(
          node,
          "POST",
          "/admin/drain",
          "{\"waveSize\":10,\"waveIntervalMillis\":50,\"readinessDelayMillis\":1500}");
      client.awaitOp(7);
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .isGreaterThanOrEqualTo(Duration.ofMillis(1500));
    }
  }

  /** SIGTERM with --drain-on-stop-seconds: the node turns unready and moves its sessions first. */
  @Test
  void aNodeToldToStopDrainsItsSessionsFirst() throws Exception {
    try (TestNode node = TestNode.start();
        GatewayClient client = node.connect()) {
      client.identifyAndAwaitReady(node.mintToken("leaver"), Intent.GUILDS);

      CompletableFuture<Boolean> stopping =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return node.node()
                      .drainBeforeStop(Duration.ofSeconds(30), new DrainRequest(10, 50L, 0L, null));
                } catch (InterruptedException interrupted) {
                  throw new IllegalStateException(interrupted);
                }
              });
      client.awaitOp(7);
      assertThat(readiness(node)).isEqualTo(503);
      assertThat(stopping).isNotDone();
      client.close(4900);

      assertThat(stopping.get(20, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aNodeToldToStopWithASessionThatNeverLeavesStopsWhenItsBudgetIsSpent() throws Exception {
    try (TestNode node = TestNode.start(settings -> settings.reconnectGrace(Duration.ofHours(1)));
        GatewayClient client = node.connect()) {
      client.identifyAndAwaitReady(node.mintToken("stayer"), Intent.GUILDS);

      boolean drained =
          node.node().drainBeforeStop(Duration.ofSeconds(1), new DrainRequest(10, 50L, 0L, null));

      assertThat(drained).isFalse();
      client.awaitOp(7);
      assertThat(client.isClosed()).isFalse();
    }
  }

  /**
   * A balancer that ignores readiness sends a client told to move straight back: it resumes here,
   * and is told again; a new client that identifies here is told too. The node is drained only once
   * none is left.
   */
  @Test
  void aSessionThatAttachesWhileTheNodeDrainsIsAskedToMoveAgain() throws Exception {
    try (TestNode node = TestNode.start()) {
      String token = node.mintToken("boomerang");
      GatewayClient first = node.connect();
      JsonNode ready = first.identifyAndAwaitReady(token, Intent.GUILDS);
      String sessionId = ready.get("session_id").asText();
      call(
          node,
          "POST",
          "/admin/drain",
          "{\"waveSize\":10,\"waveIntervalMillis\":50,\"readinessDelayMillis\":0}");
      first.awaitOp(7);
      first.close(4900);
      first.close();

      try (GatewayClient back = node.connect();
          GatewayClient newcomer = node.connect()) {
        back.awaitOp(10);
        back.resume(token, sessionId, first.lastSeq());
        try {
          back.awaitDispatch("RESUMED");
        } catch (RuntimeException e) {
          System.out.println(
              "DEBUG received "
                  + back.received()
                  + " closed="
                  + back.isClosed()
                  + " lastSeq="
                  + first.lastSeq()
                  + " first received "
                  + first.received()
                  + " state "
                  + node.admin("GET", "/admin/state", null).body());
          throw e;
        }
        back.awaitOp(7);
        newcomer.identifyAndAwaitReady(node.mintToken("newcomer"), Intent.GUILDS);
        newcomer.awaitOp(7);
        assertThat(call(node, "GET", "/admin/drain", null).get("phase").asText())
            .isEqualTo("DRAINING");
        back.close(4900);
        newcomer.close(4900);
      }
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  call(node, "GET", "/admin/drain", null).get("phase").asText().equals("DRAINED"));
    }
  }
}
