package io.rtfleet.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.rtfleet.api.admin.AdminCodec;
import io.rtfleet.api.admin.AdminError;
import io.rtfleet.api.admin.AdminPaths;
import io.rtfleet.api.admin.HandoffRequest;
import io.rtfleet.api.admin.NodeState;
import io.rtfleet.api.admin.PlacementChange;
import io.rtfleet.api.admin.PlacementDocument;
import io.rtfleet.api.placement.NodePhase;
import io.rtfleet.api.placement.SlotTable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP client classifies every way a node can answer, or not, as the coordinator needs. */
class HttpNodeAdminClientTest {
  private HttpServer server;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final Map<String, String> headers = new ConcurrentHashMap<>();
  private final CountDownLatch released = new CountDownLatch(1);
  private final Map<String, Integer> calls = new ConcurrentHashMap<>();
  private final java.util.Set<String> dropped = ConcurrentHashMap.newKeySet();

  private record Answer(int status, byte[] body) {}

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String key = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
          calls.merge(key, 1, Integer::sum);
          if (dropped.contains(key)) {
            exchange.getRequestBody().readAllBytes();
            exchange.close(); // the connection closes with no answer
            return;
          }
          headers.put(
              "authorization",
              String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
          headers.put(
              "version",
              String.valueOf(exchange.getRequestHeaders().getFirst(AdminPaths.VERSION_HEADER)));
          Answer answer = answers.get(key);
          if (answer == null) {
            try {
              released.await(); // never answers: the client's timeout decides
            } catch (InterruptedException stopped) {
              Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
          }
          exchange.sendResponseHeaders(
              answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
          if (answer.body().length > 0) {
            exchange.getResponseBody().write(answer.body());
          }
          exchange.close();
        });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
  }

  @AfterEach
  void stop() {
    released.countDown();
    server.stop(0);
  }

  private HttpNodeAdminClient client() {
    return new HttpNodeAdminClient(
        "node-7",
        "http://127.0.0.1:" + server.getAddress().getPort(),
        "admin-secret",
        HttpNodeAdminClient.newHttpClient(),
        Duration.ofMillis(500));
  }

  private static AdminFailure failureOf(Runnable call) {
    try {
      call.run();
    } catch (CompletionException | AdminFailure failed) {
      return AdminFailure.of("node-7", failed);
    }
    throw new AssertionError("the call did not fail");
  }

  private void answer(String call, int status, Object body) {
    answers.put(call, new Answer(status, body == null ? new byte[0] : AdminCodec.write(body)));
  }

  @Test
  void anAnswerIsDecodedAndTheCallCarriesTheTokenAndTheContractVersion() {
    NodeState state =
        new NodeState(
            1,
            "node-7",
            "ws://x",
            NodePhase.CORDONED,
            false,
            12,
            new NodeState.Sessions(3, 2),
            4,
            5,
            List.of(new NodeState.SlotLoad(9, 5, 40, 2, 100)),
            0);
    answer("GET " + AdminPaths.STATE, 200, state);

    assertThat(client().state().join()).isEqualTo(state);
    assertThat(headers).containsEntry("authorization", "Bearer admin-secret");
    assertThat(headers).containsEntry("version", Integer.toString(AdminPaths.VERSION));
  }

  @Test
  void aStalePlacementIsAStaleEpochThatNamesTheNodesEpoch() {
    answer("PUT " + AdminPaths.PLACEMENT, 409, new AdminError(0, "stale placement epoch 3", 9L));
    PlacementDocument old = PlacementDocument.of(SlotTable.initial(4, List.of("node-7")), Map.of());

    AdminFailure failure = failureOf(() -> client().pushPlacement(old).join());

    assertThat(failure.kind()).isEqualTo(AdminFailure.Kind.STALE_EPOCH);
    assertThat(failure.epoch()).isEqualTo(9);
    assertThat(failure.getMessage()).contains("stale placement epoch 3");
  }

  @Test
  void aChangeToAnotherBaseIsAStaleEpochThatNamesTheNodesEpoch() {
    answer("PATCH " + AdminPaths.PLACEMENT, 409, new AdminError(0, "send the whole placement", 2L));
    PlacementChange change = new PlacementChange(5, 6, Map.of("0", "node-1"), Map.of(), Map.of());

    AdminFailure failure = failureOf(() -> client().changePlacement(change).join());

    assertThat(failure.kind()).isEqualTo(AdminFailure.Kind.STALE_EPOCH);
    assertThat(failure.epoch()).isEqualTo(2);
  }

  @Test
  void aHandoffTheGiverCouldNotFinishIsAnUnknownOutcomeButOther5xxAreNodeErrors() {
    answer(
        "POST " + AdminPaths.HANDOFF,
        503,
        new AdminError(0, "node-1 did not answer the handoff", null));
    answer("GET " + AdminPaths.STATE, 503, new AdminError(0, "try again", null));
    HandoffRequest request = new HandoffRequest(List.of(1), "node-1", null);

    assertThat(failureOf(() -> client().handOff(request).join()).kind())
        .isEqualTo(AdminFailure.Kind.OUTCOME_UNKNOWN);
    assertThat(failureOf(() -> client().state().join()).kind())
        .isEqualTo(AdminFailure.Kind.NODE_ERROR);
  }

  @Test
  void aHandoffWhoseConnectionDropsIsAnUnknownOutcomeAndIsNeverSentTwice() {
    dropped.add("POST " + AdminPaths.HANDOFF);
    answer("GET " + AdminPaths.HEALTH, 200, null);
    HttpNodeAdminClient client = client();
    // leaves a kept-alive connection, on which a client might send the handoff again
    assertThat(client.alive().join()).isTrue();
    HandoffRequest request = new HandoffRequest(List.of(1), "node-1", null);

    assertThat(failureOf(() -> client.handOff(request).join()).kind())
        .isEqualTo(AdminFailure.Kind.OUTCOME_UNKNOWN);
    assertThat(calls).containsEntry("POST " + AdminPaths.HANDOFF, 1);
  }

  @Test
  void aWrongRequestIsRefusedAndNoPlacementIsEmpty() {
    answer("POST " + AdminPaths.CORDON, 400, new AdminError(50035, "bad", null));
    answer("GET " + AdminPaths.PLACEMENT, 404, new AdminError(0, "no placement pushed yet", null));

    assertThat(failureOf(() -> client().cordon().join()).kind())
        .isEqualTo(AdminFailure.Kind.REFUSED);
    assertThat(client().placement().join()).isEmpty();
  }

  @Test
  void theMetricsAreTheNodesTextAndAWrongTokenIsRefused() {
    String text = "rtfleet_gateway_identifies_total 3.0\n";
    answers.put(
        "GET " + AdminPaths.METRICS,
        new Answer(200, text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(client().metrics().join()).isEqualTo(text);
    assertThat(headers).containsEntry("authorization", "Bearer admin-secret");

    answer("GET " + AdminPaths.METRICS, 401, new AdminError(0, "401: Unauthorized", null));
    assertThat(failureOf(() -> client().metrics().join()).kind())
        .isEqualTo(AdminFailure.Kind.REFUSED);
  }

  @Test
  void aNodeThatDoesNotAnswerInTimeLeavesTheOutcomeUnknown() {
    AdminFailure failure = failureOf(() -> client().drainStatus().join());
    assertThat(failure.kind()).isEqualTo(AdminFailure.Kind.OUTCOME_UNKNOWN);
    assertThat(failure.timedOut()).isTrue();
  }

  @Test
  void anAnswerThatIsNotTheContractsJsonIsTheNodesErrorSayingSo() {
    answers.put(
        "GET " + AdminPaths.STATE,
        new Answer(200, "<html>".getBytes(java.nio.charset.StandardCharsets.UTF_8)));

    AdminFailure failure = failureOf(() -> client().state().join());

    assertThat(failure.kind()).isEqualTo(AdminFailure.Kind.NODE_ERROR);
    assertThat(failure.status()).isEqualTo(200);
    assertThat(failure.timedOut()).isFalse();
    assertThat(failure.getMessage())
        .startsWith("node-7: GET /admin/state answered 200 with what is not the admin API's JSON");
  }

  @Test
  void aNodeNobodyListensForIsUnreachable() throws IOException {
    int closed;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = probe.getLocalPort();
    }
    HttpNodeAdminClient nobody =
        new HttpNodeAdminClient(
            "node-8",
            "http://127.0.0.1:" + closed,
            "t",
            HttpNodeAdminClient.newHttpClient(),
            Duration.ofSeconds(1));

    AdminFailure failure = failureOf(() -> nobody.state().join());
    assertThat(failure.kind()).isEqualTo(AdminFailure.Kind.UNREACHABLE);
    assertThat(nobody.alive().join()).isFalse();
    assertThatThrownBy(() -> nobody.drainStatus().join()).isInstanceOf(CompletionException.class);
  }
}
