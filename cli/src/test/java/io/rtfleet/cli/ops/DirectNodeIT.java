package io.rtfleet.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtfleet.api.admin.TokenRequest;
import io.rtfleet.api.protocol.Intent;
import io.rtfleet.cli.BenchRun;
import io.rtfleet.cli.bench.LocalNode;
import io.rtfleet.node.testing.GatewayClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rtctl node ... --admin-url} against a real node process run without Kubernetes, as an SRE
 * would run it against a node started by hand: describe, cordon and uncordon (its readiness
 * follows), and a drain that tells a connected client to reconnect.
 */
class DirectNodeIT {
  @Test
  void describeCordonUncordonAndDrainARunningNode(@TempDir Path directory) throws Exception {
    try (LocalNode node = LocalNode.start(BenchRun.NODE_JAR, List.of("-Xmx256m"), List.of())) {
      Path token = Files.writeString(directory.resolve("admin-token"), node.target().adminToken());
      String[] at = {
        "--admin-url", node.target().adminUrl(), "--admin-token-file", token.toString()
      };
      String user = node.target().admin().mintToken(TokenRequest.user("sre-test")).join().token();
      try (GatewayClient client = GatewayClient.connect(node.target().gatewayUrl())) {
        client.awaitOp(10);
        client.identifyAndAwaitReady(user, Intent.GUILDS);

        BenchRun.Output described = rtctl("describe", at);
        assertThat(described.exit()).as(described.err()).isZero();
        assertThat(described.out())
            .contains("Phase:       ACTIVE, ready")
            .contains("1 attached of 1 kept");

        BenchRun.Output cordoned = rtctl("cordon", at);
        assertThat(cordoned.out()).contains("cordoned (CORDONED, not ready)");
        assertThat(readyz(node)).isEqualTo(503);

        BenchRun.Output uncordoned = rtctl("uncordon", at);
        assertThat(uncordoned.out()).contains("uncordoned (ACTIVE, ready)");
        assertThat(readyz(node)).isEqualTo(200);

        CompletableFuture<BenchRun.Output> drain =
            CompletableFuture.supplyAsync(
                () ->
                    rtctl(
                        "drain", at, "--readiness-delay", "0", "--wave-interval", "0.1", "--wait"));
        client.awaitOp(7); // told to reconnect elsewhere, as Discord's gateway does
        client.drop(); // and leaves as a Discord client does, to resume on another node
        BenchRun.Output drained = drain.get(60, TimeUnit.SECONDS);
        assertThat(drained.exit()).as(drained.err()).isZero();
        assertThat(drained.out())
            .contains("its 1 attached sessions asked to reconnect")
            .contains("DRAINED, 1 of 1 sessions asked to reconnect, 0 attached")
            .contains("drained: no session attached");
        assertThat(readyz(node)).isEqualTo(503);
      }
    }
  }

  private static BenchRun.Output rtctl(String command, String[] at, String... more) {
    List<String> args = new ArrayList<>(List.of("node", command));
    args.addAll(List.of(at));
    args.addAll(List.of(more));
    return BenchRun.run(args.toArray(String[]::new));
  }

  private static int readyz(LocalNode node) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(node.target().adminUrl() + "/readyz")).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
