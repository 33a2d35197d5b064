package io.rtfleet.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.rtfleet.api.protocol.Intent;
import io.rtfleet.cli.BenchRun;
import io.rtfleet.cli.Rtctl;
import io.rtfleet.node.testing.GatewayClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code rtctl dev up --api-server real}: the fleet on a real kube-apiserver (the test harness's,
 * built by testing/kube/build.sh), the CRDs and the operator's RBAC installed from manifests/, the
 * operator under its own ServiceAccount; the kubeconfig it writes works for rtctl and a Kubernetes
 * client, a client connects through the gateway URL, a node is drained and kept, and {@code dev
 * down} leaves no process behind, the control plane's included.
 */
@Tag("kube")
@EnabledIfSystemProperty(
    named = "rtfleet.kube",
    matches = "true",
    disabledReason = "runs a real kube-apiserver: mvn verify -Pkube")
class DevRealApiServerIT {
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
  void devUpOnARealApiServerRunsTheOperatorUnderItsRbacAndDevDownStopsEverything()
      throws Exception {
    Path dev = directory.resolve("dev");
    Run up =
        rtctl(
            "dev",
            "up",
            "--detach",
            "--nodes",
            2,
            "--api-server",
            "real",
            "--dir",
            dev,
            "--node-jar",
            BenchRun.NODE_JAR);
    assertThat(up.exit()).as(up.out() + up.err()).isZero();
    assertThat(up.out())
        .contains("starting a real API server", "installing the CRDs", "rtfleet dev is up")
        .containsPattern("API server +https://127\\.0\\.0\\.1:\\d+");
    long pid = Long.parseLong(Files.readString(dev.resolve("dev.pid")).trim());
    List<ProcessHandle> started = ProcessHandle.of(pid).orElseThrow().descendants().toList();
    String kubeconfig = dev.resolve("kubeconfig").toString();
    try {
      Config config = Config.fromKubeconfig(Files.readString(dev.resolve("kubeconfig")));
      try (KubernetesClient kubernetes = new KubernetesClientBuilder().withConfig(config).build()) {
        assertThat(kubernetes.getKubernetesVersion().getGitVersion()).startsWith("v1.");
        assertThat(
                kubernetes
                    .serviceAccounts()
                    .inNamespace("rtfleet-system")
                    .withName("rtfleet-operator")
                    .get())
            .isNotNull();
      }
      Run described = rtctl("fleet", "describe", "dev", "--kubeconfig", kubeconfig);
      assertThat(described.out()).containsPattern("Ready +True").contains("dev-0", "dev-1");

      Properties properties = new Properties();
      try (var reader = Files.newBufferedReader(dev.resolve("dev.properties"))) {
        properties.load(reader);
      }
      String token = rtctl("dev", "token", "alice", "--dir", dev).out().strip();
      try (GatewayClient client =
          GatewayClient.connect(properties.getProperty("gatewayUrl") + "/?v=10&encoding=json")) {
        assertThat(client.identifyAndAwaitReady(token, Intent.GUILDS).at("/user/username").asText())
            .isEqualTo("alice");
        client.close(1000);
      }

      // The operator's own patches (drain taken off, cordon put on) under its RBAC, on a server
      // that deletes an annotation patched to null.
      Run drain =
          rtctl("node", "drain", "dev-1", "--wait", "--timeout", 120, "--kubeconfig", kubeconfig);
      assertThat(drain.exit()).as(drain.out() + drain.err()).isZero();
      assertThat(drain.out()).contains("node dev-1 drained and kept: Cordoned, 0 slots");
    } finally {
      Run down = rtctl("dev", "down", "--dir", dev);
      assertThat(down.exit()).as(down.err()).isZero();
    }
    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
    assertThat(started)
        .as("etcd, kube-apiserver, nodes, PostgreSQL")
        .noneMatch(ProcessHandle::isAlive);
  }
}
