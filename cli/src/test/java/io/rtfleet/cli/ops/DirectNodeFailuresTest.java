package io.rtfleet.cli.ops;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.rtfleet.api.admin.AdminCodec;
import io.rtfleet.api.admin.AdminError;
import io.rtfleet.api.admin.AdminPaths;
import io.rtfleet.api.admin.DrainStatus;
import io.rtfleet.api.admin.NodeState;
import io.rtfleet.api.placement.NodePhase;
import io.rtfleet.cli.BenchRun;
import io.rtfleet.cli.exit.ExitCodes;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rtctl node ... --admin-url} against a WireMock node that fails in each way a node's admin
 * API can: every failure ends in one line that says what to check and the documented exit code,
 * failures that may pass are tried again and the retries are reported, and nothing is retried that
 * would only fail again.
 */
class DirectNodeFailuresTest {
  private WireMockServer node;
  private Path token;

  @BeforeEach
  void start(@TempDir Path directory) throws IOException {
    node = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
    node.start();
    token = Files.writeString(directory.resolve("admin-token"), "s3cret\n");
  }

  @AfterEach
  void stop() {
    node.stop();
  }

  private String url() {
    return "http://127.0.0.1:" + node.port();
  }

  private BenchRun.Output rtctl(String... command) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of("--admin-url", url(), "--admin-token-file", token.toString()));
    args.addAll(0, List.of(command));
    return BenchRun.run(args.toArray(String[]::new));
  }

  private static String json(Object body) {
    return new String(AdminCodec.write(body), StandardCharsets.UTF_8);
  }

  private static NodeState state(NodePhase phase) {
    return new NodeState(
        AdminPaths.VERSION,
        "node-7",
        "ws://127.0.0.1:9/",
        phase,
        phase == NodePhase.ACTIVE,
        12,
        new NodeState.Sessions(40, 38),
        30,
        5,
        List.of(new NodeState.SlotLoad(3, 5, 40, 38, 900)),
        0);
  }

  private void answerState() {
    node.stubFor(
        get(urlEqualTo(AdminPaths.STATE))
            .willReturn(aResponse().withStatus(200).withBody(json(state(NodePhase.ACTIVE)))));
  }

  private static String lastLine(String text) {
    List<String> lines = text.lines().toList();
    return lines.get(lines.size() - 1);
  }

  @Test
  void describeShowsWhatTheNodeSaysWithTheTokenFromTheFile() {
    answerState();

    BenchRun.Output run = rtctl("node", "describe");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("Name:        node-7")
        .contains("Phase:       ACTIVE, ready")
        .contains("epoch 12, 1 slots with guilds, 5 guilds")
        .contains("38 attached of 40 kept");
    node.verify(
        getRequestedFor(urlEqualTo(AdminPaths.STATE))
            .withHeader("Authorization", equalTo("Bearer s3cret")));
  }

  @Test
  void aRefusedTokenIsOneLineNamingWhereTheTokenComesFromAndIsNotRetried() {
    node.stubFor(
        get(urlEqualTo(AdminPaths.STATE))
            .willReturn(aResponse().withStatus(401).withBody(json(new AdminError(0, "no", null)))));

    BenchRun.Output run = rtctl("node", "describe");

    assertThat(run.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err())
        .contains("cannot describe the node")
        .contains("refused the admin token (401)")
        .contains("--admin-token-file or env RTCTL_ADMIN_TOKEN");
    node.verify(1, getRequestedFor(urlEqualTo(AdminPaths.STATE)));
  }

  @Test
  void aStaleEpochSaysToRunTheCommandAgain() {
    answerState();
    node.stubFor(
        post(urlEqualTo(AdminPaths.CORDON))
            .willReturn(
                aResponse()
                    .withStatus(409)
                    .withBody(json(new AdminError(0, "stale placement epoch 12", 13L)))));

    BenchRun.Output run = rtctl("node", "cordon");

    assertThat(run.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err().strip())
        .isEqualTo(
            "rtctl: cannot cordon the node: the node's placement moved on to epoch 13 while this"
                + " ran: run the command again");
    node.verify(1, postRequestedFor(urlEqualTo(AdminPaths.CORDON)));
  }

  @Test
  void a503IsTriedAgainAndEachRetryIsReported() {
    node.stubFor(
        get(urlEqualTo(AdminPaths.STATE))
            .inScenario("busy")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse().withStatus(503).withBody(json(new AdminError(0, "starting up", null))))
            .willSetStateTo("up"));
    node.stubFor(
        get(urlEqualTo(AdminPaths.STATE))
            .inScenario("busy")
            .whenScenarioStateIs("up")
            .willReturn(aResponse().withStatus(200).withBody(json(state(NodePhase.ACTIVE)))));

    BenchRun.Output run = rtctl("node", "describe");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err().strip())
        .contains("answered 503: starting up")
        .endsWith("trying again in 0.25 s (attempt 2 of 3)");
    assertThat(run.out()).contains("Name:        node-7");
  }

  @Test
  void a503ThatLastsFailsAfterThreeAttempts() {
    node.stubFor(get(urlEqualTo(AdminPaths.STATE)).willReturn(aResponse().withStatus(503)));

    BenchRun.Output run = rtctl("node", "describe");

    assertThat(run.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err().lines().filter(line -> line.contains("trying again"))).hasSize(2);
    assertThat(lastLine(run.err()))
        .startsWith("rtctl: cannot describe the node: ")
        .contains("GET /admin/state answered 503")
        .endsWith("(3 attempts)");
    node.verify(3, getRequestedFor(urlEqualTo(AdminPaths.STATE)));
  }

  @Test
  void aSlowNodeTimesOutWithExitCode3AndSaysTheRequestMayStillBeDone() {
    node.stubFor(
        get(urlEqualTo(AdminPaths.STATE))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withFixedDelay(3_000)
                    .withBody(json(state(NodePhase.ACTIVE)))));

    BenchRun.Output run = rtctl("node", "describe", "--request-timeout", "0.2");

    assertThat(run.exit()).isEqualTo(ExitCodes.TIMED_OUT);
    assertThat(lastLine(run.err()))
        .contains("did not answer within 0.2 s (3 attempts)")
        .contains("may still be done")
        .contains("--request-timeout waits longer");
  }

  @Test
  void aDroppedConnectionIsTriedAgainThenSaysTheRequestMayHaveBeenDone() {
    answerState();
    node.stubFor(
        post(urlEqualTo(AdminPaths.DRAIN))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    BenchRun.Output run = rtctl("node", "drain");

    assertThat(run.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(lastLine(run.err()))
        .contains("cannot drain the node: the node at " + url())
        .contains("closed the connection without answering (3 attempts)")
        .contains("'rtctl node describe --admin-url " + url() + "'");
    // three attempts; OkHttp may send one again by itself when a reused connection is reset
    node.verify(
        com.github.tomakehurst.wiremock.client.WireMock.moreThanOrExactly(3),
        postRequestedFor(urlEqualTo(AdminPaths.DRAIN)));
  }

  @Test
  void malformedJsonIsTheNodesErrorNotAUsageErrorAndIsNotRetried() {
    node.stubFor(
        get(urlEqualTo(AdminPaths.STATE))
            .willReturn(aResponse().withStatus(200).withBody("<html>login</html>")));

    BenchRun.Output run = rtctl("node", "describe");

    assertThat(run.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err())
        .contains("GET /admin/state answered 200 with what is not the admin API's JSON")
        .contains("is --admin-url the admin port of a realtime-node of this release?");
    node.verify(1, getRequestedFor(urlEqualTo(AdminPaths.STATE)));
  }

  @Test
  void nothingListeningIsTriedAgainThenNamesTheUrlToCheck() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }

    BenchRun.Output run =
        BenchRun.run(
            "node",
            "describe",
            "--admin-url",
            "http://127.0.0.1:" + closed,
            "--admin-token-file",
            token.toString());

    assertThat(run.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(lastLine(run.err()))
        .contains("nothing answers at http://127.0.0.1:" + closed + " (3 attempts)")
        .contains("is the node running, and is --admin-url its admin port?");
  }

  @Test
  void aNodeThatIsNotTheOneNamedIsLeftAloneWithExitCode4() {
    answerState();

    BenchRun.Output run = rtctl("node", "cordon", "node-1");

    assertThat(run.exit()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(run.err()).contains("the node at " + url() + " is node-7, not node-1: nothing done");
    node.verify(0, postRequestedFor(urlEqualTo(AdminPaths.CORDON)));
  }

  @Test
  void withoutATokenOrANodeTheCommandLineIsWrong() {
    BenchRun.Output noToken = BenchRun.run("node", "describe", "--admin-url", url());
    BenchRun.Output noNode = BenchRun.run("node", "describe", "--kubeconfig", "/nonexistent");

    assertThat(noToken.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(noToken.err()).contains("--admin-token-file or env RTCTL_ADMIN_TOKEN");
    assertThat(noNode.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(noNode.err()).contains("NODE is required (or --admin-url URL");
  }

  @Test
  void drainWaitFollowsTheDrainUntilNoSessionIsAttached() {
    answerState();
    node.stubFor(
        post(urlEqualTo(AdminPaths.DRAIN))
            .withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.equalToJson(
                    "{\"waveSize\":10,\"waveIntervalMillis\":100,\"readinessDelayMillis\":0,"
                        + "\"reconnect\":true}"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody(json(new DrainStatus(NodePhase.DRAINING, 38, 0, 38, 40)))));
    node.stubFor(
        get(urlEqualTo(AdminPaths.DRAIN))
            .inScenario("drain")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody(json(new DrainStatus(NodePhase.DRAINING, 38, 20, 18, 40))))
            .willSetStateTo("drained"));
    node.stubFor(
        get(urlEqualTo(AdminPaths.DRAIN))
            .inScenario("drain")
            .whenScenarioStateIs("drained")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody(json(new DrainStatus(NodePhase.DRAINED, 38, 38, 0, 40)))));

    BenchRun.Output run =
        rtctl(
            "node",
            "drain",
            "node-7",
            "--wave-size",
            "10",
            "--wave-interval",
            "0.1",
            "--readiness-delay",
            "0",
            "--wait");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("node node-7 is draining (DRAINING): unready, its 38 attached sessions")
        .contains("DRAINING, 20 of 38 sessions asked to reconnect, 18 attached, 40 kept")
        .contains("DRAINED, 38 of 38 sessions asked to reconnect, 0 attached, 40 kept")
        .contains("node node-7 drained");
  }
}
