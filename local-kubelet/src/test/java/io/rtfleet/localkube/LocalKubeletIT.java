package io.rtfleet.localkube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local kubelet runs real node processes for the node pods of a (mock) API server: each on a
 * loopback address of its own, reported in the pod's status with its readiness; a deleted pod's
 * node is stopped before the pod goes; a node that dies fails its pod.
 */
class LocalKubeletIT {
  private static final Path NODE_JAR =
      Path.of("..", "realtime-node", "target", "realtime-node.jar");
  private static final Duration START = Duration.ofSeconds(60);
  private static final String NAMESPACE = "local";

  @TempDir static Path directory;
  private static MockApiServer api;
  private static KubernetesClient client;
  private static LocalDatabase database;
  private static LocalKubelet kubelet;

  @BeforeAll
  static void start() throws Exception {
    api = MockApiServer.start();
    client = api.client();
    database = LocalDatabase.start(NODE_JAR, Files.createDirectories(directory.resolve("db")));
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("database")
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withStringData(Map.of("url", database.url(), "password", database.password()))
                .build())
        .create();
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("node-secrets")
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withStringData(
                    Map.of(
                        "token-secret", "local-token-secret-0123456789abcdef",
                        "admin-token", "local-admin-token-0123456789abcdef",
                        "fleet-secret", "local-fleet-secret-0123456789abcdef"))
                .build())
        .create();
    kubelet =
        LocalKubelet.start(client, NODE_JAR, Files.createDirectories(directory.resolve("pods")));
  }

  @AfterAll
  static void stop() throws Exception {
    kubelet.close();
    database.close();
    api.close();
  }

  /** A node pod as the operator makes one, reduced to what running it needs. */
  private static Pod nodePod(String name) {
    return nodePod(name, Map.of());
  }

  private static Pod nodePod(String name, Map<String, String> labels, String... moreArgs) {
    Map<String, String> all = new HashMap<>(labels);
    all.put("app.kubernetes.io/name", "realtime-node");
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NAMESPACE)
        .withLabels(all)
        .endMetadata()
        .withNewSpec()
        .withTerminationGracePeriodSeconds(20L)
        .addNewContainer()
        .withName("node")
        .withImage("ghcr.io/rtfleet/realtime-node:0.1.0")
        .withArgs(
            "--node-id", name,
            "--host", "0.0.0.0",
            "--port", "8080",
            "--admin-host", "0.0.0.0",
            "--admin-port", "8081",
            "--peer-port", "7000",
            "--data-dir", "/var/lib/rtfleet",
            "--token-secret-file", "/etc/rtfleet/secrets/token-secret",
            "--admin-token-file", "/etc/rtfleet/secrets/admin-token",
            "--fleet-secret-file", "/etc/rtfleet/secrets/fleet-secret",
            "--database-password-file", "/etc/rtfleet/database/password")
        .addToArgs(moreArgs)
        .addNewEnv()
        .withName("RTFLEET_DATABASE_URL")
        .withNewValueFrom()
        .withNewSecretKeyRef("url", "database", false)
        .endValueFrom()
        .endEnv()
        .addNewEnv()
        .withName("JAVA_TOOL_OPTIONS")
        .withValue("-Xmx256m")
        .endEnv()
        .withNewReadinessProbe()
        .withNewHttpGet()
        .withPath("/readyz")
        .withPort(new IntOrString(8081))
        .endHttpGet()
        .endReadinessProbe()
        .addNewVolumeMount()
        .withName("secrets")
        .withMountPath("/etc/rtfleet/secrets")
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("database-password")
        .withMountPath("/etc/rtfleet/database")
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("data")
        .withMountPath("/var/lib/rtfleet")
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName("secrets")
        .withNewSecret()
        .withSecretName("node-secrets")
        .endSecret()
        .endVolume()
        .addNewVolume()
        .withName("database-password")
        .withNewSecret()
        .withSecretName("database")
        .addNewItem()
        .withKey("password")
        .withPath("password")
        .endItem()
        .endSecret()
        .endVolume()
        .addNewVolume()
        .withName("data")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .endSpec()
        .build();
  }

  private static Pod read(String name) {
    return client.pods().inNamespace(NAMESPACE).withName(name).get();
  }

  private static boolean ready(Pod pod) {
    return pod != null
        && pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }

  @Test
  void aNodePodRunsAsAProcessOnItsOwnLoopbackAddressAndIsStoppedBeforeItGoes() throws Exception {
    client.resource(nodePod("node-a")).create();

    await().atMost(START).until(() -> ready(read("node-a")));
    Pod running = read("node-a");
    String address = running.getStatus().getPodIP();
    assertThat(running.getStatus().getPhase()).isEqualTo("Running");
    assertThat(address).startsWith("127.").isNotEqualTo("127.0.0.1");
    // what kubectl's READY column reads: each container running and ready
    assertThat(running.getStatus().getContainerStatuses())
        .hasSize(running.getSpec().getContainers().size())
        .allSatisfy(
            container -> {
              assertThat(container.getReady()).isTrue();
              assertThat(container.getState().getRunning().getStartedAt()).isNotNull();
            });
    HttpResponse<String> gateway =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://" + address + ":8080/api/v10/gateway"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(gateway.statusCode()).isEqualTo(200);
    assertThat(gateway.body()).contains("\"url\"");
    long pid = kubelet.processIds().get(NAMESPACE + "/node-a");
    ProcessHandle node = ProcessHandle.of(pid).orElseThrow();

    client.pods().inNamespace(NAMESPACE).withName("node-a").delete();

    await().atMost(Duration.ofSeconds(30)).until(() -> read("node-a") == null);
    assertThat(node.isAlive()).as("the node stopped before its pod went").isFalse();
  }

  @Test
  void aServiceIsALocalBalancerOverItsReadyPodsAndNodesAnnounceItAsTheirUrl() throws Exception {
    client
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName("chat")
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withNewSpec()
                .withSelector(Map.of("rtfleet.io/fleet", "chat"))
                .addNewPort()
                .withName("gateway")
                .withPort(8080)
                .withTargetPort(new IntOrString(8080))
                .endPort()
                .endSpec()
                .build())
        .create();
    client
        .resource(
            nodePod(
                "node-c",
                Map.of("rtfleet.io/fleet", "chat"),
                "--public-url",
                "ws://chat." + NAMESPACE + ".svc:8080"))
        .create();
    await().atMost(START).until(() -> ready(read("node-c")));
    InetSocketAddress service = kubelet.serviceAddress(NAMESPACE, "chat", 8080);

    HttpResponse<String> gateway =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    HttpClient.newHttpClient()
                        .send(
                            HttpRequest.newBuilder(
                                    URI.create(
                                        "http://127.0.0.1:"
                                            + service.getPort()
                                            + "/api/v10/gateway"))
                                .build(),
                            HttpResponse.BodyHandlers.ofString()),
                answer -> answer.statusCode() == 200);

    assertThat(gateway.body()).contains("ws://127.0.0.1:" + service.getPort());
    client.pods().inNamespace(NAMESPACE).withName("node-c").delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> read("node-c") == null);
  }

  @Test
  void aNodeThatDiesFailsItsPod() throws Exception {
    client.resource(nodePod("node-b")).create();
    await().atMost(START).until(() -> ready(read("node-b")));

    ProcessHandle.of(kubelet.processIds().get(NAMESPACE + "/node-b"))
        .orElseThrow()
        .destroyForcibly();

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              Pod failed = read("node-b");
              assertThat(failed.getStatus().getPhase()).isEqualTo("Failed");
              assertThat(failed.getStatus().getMessage())
                  .isEqualTo("the node exited with code 137");
              assertThat(ready(failed)).isFalse();
              assertThat(failed.getStatus().getContainerStatuses())
                  .allSatisfy(
                      container -> {
                        assertThat(container.getReady()).isFalse();
                        assertThat(container.getState().getTerminated().getMessage())
                            .isEqualTo("the node exited with code 137");
                      });
            });
    client.pods().inNamespace(NAMESPACE).withName("node-b").delete();
    await().atMost(Duration.ofSeconds(20)).until(() -> read("node-b") == null);
  }
}
