package io.rtfleet.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.api.protocol.Intent;
import io.rtfleet.cli.BenchRun;
import io.rtfleet.cli.Rtctl;
import io.rtfleet.cli.exit.ExitCodes;
import io.rtfleet.node.testing.GatewayClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code rtctl dev up}, {@code token} and {@code down} as a newcomer runs them: an operated fleet
 * of real node processes in the background, which a client reaches through its one gateway URL and
 * a Kubernetes client through the kubeconfig it wrote, then stopped with nothing left running.
 */
class DevIT {
  @TempDir Path directory;

  private record Run(int exit, String out, String err) {}

  private static Run rtctl(Object... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = Rtctl.commandLine();
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    int exit = command.execute(List.of(args).stream().map(String::valueOf).toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void devUpRunsAFleetInTheBackgroundThatClientsUseUntilDevDownStopsEverything() throws Exception {
    Path dev = directory.resolve("dev");
    Run up =
        rtctl("dev", "up", "--detach", "--nodes", 2, "--dir", dev, "--node-jar", BenchRun.NODE_JAR);
    assertThat(up.exit()).as(up.out() + up.err()).isZero();
    assertThat(up.out()).contains("rtfleet dev is up", "rtctl dev token", "rtctl dev down");
    long pid = Long.parseLong(Files.readString(dev.resolve("dev.pid")).trim());
    try {
      Config config = Config.fromKubeconfig(Files.readString(dev.resolve("kubeconfig")));
      try (KubernetesClient kubernetes = new KubernetesClientBuilder().withConfig(config).build()) {
        RealtimeFleet fleet =
            kubernetes.resources(RealtimeFleet.class).inNamespace("default").withName("dev").get();
        assertThat(fleet.getStatus().getReady()).isEqualTo("2/2");
      }

      Run again = rtctl("dev", "up", "--dir", dev, "--node-jar", BenchRun.NODE_JAR);
      assertThat(again.exit()).isEqualTo(ExitCodes.FAILED);
      assertThat(again.err()).contains("already running", "pid " + pid, "rtctl dev down");

      Run token = rtctl("dev", "token", "alice", "--dir", dev);
      assertThat(token.exit()).as(token.err()).isZero();
      Properties properties = new Properties();
      try (var reader = Files.newBufferedReader(dev.resolve("dev.properties"))) {
        properties.load(reader);
      }
      String gateway = properties.getProperty("gatewayUrl") + "/?v=10&encoding=json";
      try (GatewayClient client = GatewayClient.connect(gateway)) {
        assertThat(
                client
                    .identifyAndAwaitReady(token.out().strip(), Intent.GUILDS)
                    .get("user")
                    .get("username")
                    .asText())
            .isEqualTo("alice");
      }
    } finally {
      Run down = rtctl("dev", "down", "--dir", dev);
      assertThat(down.exit()).as(down.err()).isZero();
    }

    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
    // Nodes, the database process and PostgreSQL itself all name a path under the directory.
    assertThat(
            ProcessHandle.allProcesses()
                .filter(
                    process -> process.info().commandLine().orElse("").contains(dev.toString())))
        .isEmpty();
    assertThat(rtctl("dev", "down", "--dir", dev).out()).contains("not running");
    assertThat(rtctl("dev", "token", "bob", "--dir", dev).err()).contains("rtctl dev up");
  }
}
