package io.rtfleet.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.rtfleet.api.protocol.Intent;
import io.rtfleet.cli.BenchRun;
import io.rtfleet.cli.exit.ExitCodes;
import io.rtfleet.node.testing.GatewayClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rtctl dev up --api-server real}: the fleet on a real kube-apiserver (the test harness's,
 * built by testing/kube/build.sh), the CRDs and the operator's RBAC installed from manifests/, the
 * operator under its own ServiceAccount; the kubeconfig it writes works for rtctl and a Kubernetes
 * client, a client connects through the gateway URL, a drain of the fleet's only node says it
 * cannot be and is withdrawn, and {@code dev down} leaves no process behind, the control plane's
 * included.
 */
@Tag("kube")
@EnabledIfSystemProperty(
    named = "rtfleet.kube",
    matches = "true",
    disabledReason = "runs a real kube-apiserver: mvn verify -Pkube")
class DevRealApiServerIT {
  @TempDir Path directory;

  private static BenchRun.Output rtctl(Object... args) {
    return BenchRun.run(List.of(args).stream().map(String::valueOf).toArray(String[]::new));
  }

  @Test
  void devUpOnARealApiServerRunsTheOperatorUnderItsRbacAndDevDownStopsEverything()
      throws Exception {
    Path dev = directory.resolve("dev");
    BenchRun.Output up =
        rtctl(
            "dev",
            "up",
            "--detach",
            "--nodes",
            1,
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
      BenchRun.Output described = rtctl("fleet", "describe", "dev", "--kubeconfig", kubeconfig);
      assertThat(described.out()).containsPattern("Ready +True").contains("dev-0");

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

      // Nothing could take the only node's slots and sessions: the operator says so (a
      // condition, under its RBAC), the drain ends at once with what to do, and uncordon (an
      // annotation deleted, as only a real API server deletes it) withdraws it.
      BenchRun.Output drain =
          rtctl("node", "drain", "dev-0", "--wait", "--timeout", 60, "--kubeconfig", kubeconfig);
      assertThat(drain.exit()).as(drain.out() + drain.err()).isEqualTo(ExitCodes.FAILED);
      assertThat(drain.err()).contains("dev-0 is the fleet's only node", "rtctl node replace");
      assertThat(rtctl("node", "uncordon", "dev-0", "--kubeconfig", kubeconfig).out())
          .contains("its drain withdrawn");
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  rtctl("node", "describe", "dev-0", "--kubeconfig", kubeconfig)
                      .out()
                      .contains("Asked:       nothing"));
      assertThat(rtctl("fleet", "describe", "dev", "--kubeconfig", kubeconfig).out())
          .containsPattern("Ready +True")
          .containsPattern("Progressing +False +Settled")
          .containsPattern("Warning +NothingToDrainInto +dev-0 is the fleet's only node");
    } finally {
      BenchRun.Output down = rtctl("dev", "down", "--dir", dev);
      assertThat(down.exit()).as(down.err()).isZero();
    }
    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
    assertThat(started)
        .as("etcd, kube-apiserver, nodes, PostgreSQL")
        .noneMatch(ProcessHandle::isAlive);
  }
}
