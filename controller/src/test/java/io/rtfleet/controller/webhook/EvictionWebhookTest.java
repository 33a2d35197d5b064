package io.rtfleet.controller.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.rtfleet.controller.SampleFleets;
import io.rtfleet.controller.events.OperatorEvents;
import io.rtfleet.controller.metrics.OperatorMetrics;
import io.rtfleet.controller.model.FleetLabels;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EnableKubernetesMockClient(crud = true)
class EvictionWebhookTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NAMESPACE = "evicted";

  static KubernetesClient client;

  @TempDir Path directory;
  private TestCertificates certificates;
  private Path[] serving;
  private final OperatorMetrics metrics = new OperatorMetrics();

  @BeforeEach
  void certificates() throws Exception {
    certificates = TestCertificates.authority(directory);
    serving = certificates.issue("one", "webhook-one");
  }

  private EvictionWebhook start(Path clientCa) throws IOException {
    return EvictionWebhook.start(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        serving[0],
        serving[1],
        clientCa,
        client,
        new OperatorEvents(client, Clock.systemUTC()),
        metrics);
  }

  private static void runningPod(String name, java.util.Map<String, String> labels) {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(NAMESPACE)
            .withLabels(labels)
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("node")
            .withImage("rtfleet/realtime-node:dev")
            .endContainer()
            .endSpec()
            .withNewStatus()
            .withPhase("Running")
            .withPodIP("10.0.0.7")
            .endStatus()
            .build();
    client.pods().inNamespace(NAMESPACE).resource(pod).create();
  }

  @Test
  void aNodePodsEvictionIsRefusedWithA429ThePodMarkedAndTheRetriesRefusedUntilItIsGone()
      throws Exception {
    client.resource(SampleFleets.fleet(NAMESPACE, "chat", 3)).create();
    runningPod("chat-1", FleetLabels.pod("chat", "abc"));
    try (EvictionWebhook webhook = start(null)) {
      ApiServerCalls apiServer = new ApiServerCalls(webhook.port(), certificates.ca(), null);

      JsonNode first = apiServer.evict(NAMESPACE, "chat-1");
      assertThat(first.path("uid").asText()).isEqualTo("u-chat-1");
      assertThat(first.path("allowed").asBoolean()).isFalse();
      assertThat(first.path("status").path("code").asInt()).isEqualTo(429);
      assertThat(first.path("status").path("message").asText())
          .contains("drained into a replacement first");
      assertThat(
              client
                  .pods()
                  .inNamespace(NAMESPACE)
                  .withName("chat-1")
                  .get()
                  .getMetadata()
                  .getAnnotations())
          .containsEntry(FleetLabels.DRAIN_ANNOTATION, "true");

      assertThat(apiServer.evict(NAMESPACE, "chat-1").path("allowed").asBoolean()).isFalse();
      assertThat(client.v1().events().inNamespace(NAMESPACE).list().getItems())
          .extracting(event -> event.getReason() + " " + event.getInvolvedObject().getName())
          .containsExactly("EvictionIntercepted chat");
      assertThat(
              metrics.registry().scrape().stream()
                  .filter(
                      m ->
                          m.getMetadata()
                              .getName()
                              .equals("rtfleet_operator_evictions_intercepted"))
                  .findFirst()
                  .orElseThrow()
                  .getDataPoints())
          .hasSize(2);

      // The operator drains the pod, then deletes it: the evicter's next retry goes through.
      client.pods().inNamespace(NAMESPACE).withName("chat-1").delete();
      assertThat(apiServer.evict(NAMESPACE, "chat-1").path("allowed").asBoolean()).isTrue();
    }
  }

  @Test
  void otherPodsAndOtherRequestsAreLetThroughAndNonsenseIsRefused() throws Exception {
    runningPod("web-1", java.util.Map.of("app", "web"));
    try (EvictionWebhook webhook = start(null)) {
      ApiServerCalls apiServer = new ApiServerCalls(webhook.port(), certificates.ca(), null);

      assertThat(apiServer.evict(NAMESPACE, "web-1").path("allowed").asBoolean()).isTrue();
      assertThat(
              client
                  .pods()
                  .inNamespace(NAMESPACE)
                  .withName("web-1")
                  .get()
                  .getMetadata()
                  .getAnnotations())
          .isNullOrEmpty();
      String podCreate =
          ApiServerCalls.eviction(NAMESPACE, "web-2").replace("\"subResource\":\"eviction\",", "");
      assertThat(
              JSON.readTree(apiServer.post(podCreate).body())
                  .path("response")
                  .path("allowed")
                  .asBoolean())
          .isTrue();
      assertThat(apiServer.post("{not json").statusCode()).isEqualTo(400);
      assertThat(apiServer.post("{\"request\":{}}").statusCode()).isEqualTo(400);
      assertThat(apiServer.get().statusCode()).isEqualTo(405);
    }
  }

  @Test
  void aRenewedCertificateIsServedWithoutARestart() throws Exception {
    try (EvictionWebhook webhook = start(null)) {
      assertThat(servedName(webhook)).contains("webhook-one");

      Path[] renewed = certificates.issue("two", "webhook-two");
      Files.copy(renewed[1], serving[1], StandardCopyOption.REPLACE_EXISTING);
      Files.copy(renewed[0], serving[0], StandardCopyOption.REPLACE_EXISTING);
      // Copies within the same second may keep the same time on a coarse file system.
      FileTime later = FileTime.from(Instant.now().plusSeconds(5));
      Files.setLastModifiedTime(serving[0], later);
      Files.setLastModifiedTime(serving[1], later);

      assertThat(servedName(webhook)).contains("webhook-two");
    }
  }

  /** The subject of the certificate a fresh connection is served. */
  private String servedName(EvictionWebhook webhook) throws Exception {
    HttpResponse<String> answer =
        new ApiServerCalls(webhook.port(), certificates.ca(), null).post("{}");
    return ((X509Certificate) answer.sslSession().orElseThrow().getPeerCertificates()[0])
        .getSubjectX500Principal()
        .getName();
  }

  @Test
  void withAClientCaOnlyClientsItCertifiedAreServed() throws Exception {
    certificates.issue("apiserver", "kube-apiserver");
    Path store = certificates.pkcs12("apiserver");
    try (EvictionWebhook webhook = start(certificates.ca())) {
      ApiServerCalls anonymous = new ApiServerCalls(webhook.port(), certificates.ca(), null);
      assertThatThrownBy(() -> anonymous.evict(NAMESPACE, "x")).isInstanceOf(IOException.class);
      ApiServerCalls certified = new ApiServerCalls(webhook.port(), certificates.ca(), store);
      assertThat(certified.evict(NAMESPACE, "x").path("allowed").asBoolean()).isTrue();
    }
  }
}
