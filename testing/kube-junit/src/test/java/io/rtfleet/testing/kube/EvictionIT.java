package io.rtfleet.testing.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a graceful drain of a Kubernetes node rests on: the Eviction API and PodDisruptionBudgets, a
 * validating webhook on {@code pods/eviction} (served over TLS from this JVM, as the operator's
 * will be) and {@code kubectl drain}, against pods a test kubelet serves.
 */
@ExtendWith(KubeApiServerExtension.class)
@Tag("kube")
class EvictionIT {

  private static final String WATCHED = "watched";
  private static DenyingEvictionWebhook webhook;
  private static TestKubelet kubelet;

  @BeforeAll
  static void aNodeAWebhookAndANamespaceItWatches(KubeControlPlane cluster) throws IOException {
    KubernetesClient client = cluster.client();
    kubelet = new TestKubelet(client, "worker-1");
    webhook = new DenyingEvictionWebhook(cluster.webhookCertificate(), cluster.webhookKey());
    String caBundle =
        Base64.getEncoder().encodeToString(Files.readAllBytes(cluster.caCertificate()));
    client
        .admissionRegistration()
        .v1()
        .validatingWebhookConfigurations()
        .resource(
            new ValidatingWebhookConfigurationBuilder()
                .withNewMetadata()
                .withName("evictions.harness.rtfleet.io")
                .endMetadata()
                .addNewWebhook()
                .withName("evictions.harness.rtfleet.io")
                .withNewClientConfig()
                .withUrl(webhook.url())
                .withCaBundle(caBundle)
                .endClientConfig()
                .addNewRule()
                .withOperations("CREATE")
                .withApiGroups("")
                .withApiVersions("v1")
                .withResources("pods/eviction")
                .endRule()
                .withNewNamespaceSelector()
                .withMatchLabels(Map.of("evictions", "reviewed"))
                .endNamespaceSelector()
                .withAdmissionReviewVersions("v1")
                .withSideEffects("None")
                .withFailurePolicy("Fail")
                .withTimeoutSeconds(5)
                .endWebhook()
                .build())
        .create();
    namespace(client, WATCHED, Map.of("evictions", "reviewed"));
    namespace(client, "budgeted", Map.of());
    namespace(client, "drained", Map.of());
  }

  @AfterAll
  static void stop() {
    kubelet.close();
    webhook.close();
  }

  @Test
  void theWebhookIsAskedAboutEveryEvictionAndItsDenialStands(KubeControlPlane cluster) {
    KubernetesClient client = evicting(cluster);
    pod(client, WATCHED, "held-1", "worker-1", Map.of());
    pod(client, WATCHED, "free-1", "worker-1", Map.of());

    boolean heldEvicted = client.pods().inNamespace(WATCHED).withName("held-1").evict();
    boolean freeEvicted = client.pods().inNamespace(WATCHED).withName("free-1").evict();

    assertThat(heldEvicted).isFalse();
    assertThat(freeEvicted).isTrue();
    assertThat(webhook.asked()).containsSubsequence("held-1", "free-1");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> client.pods().inNamespace(WATCHED).withName("free-1").get() == null);
    assertThat(
            client
                .pods()
                .inNamespace(WATCHED)
                .withName("held-1")
                .get()
                .getMetadata()
                .getDeletionTimestamp())
        .isNull();
  }

  @Test
  void aDisruptionBudgetAllowsOnlyTheEvictionsItCanAfford(KubeControlPlane cluster) {
    KubernetesClient client = evicting(cluster);
    for (int i = 1; i <= 3; i++) {
      pod(client, "budgeted", "member-" + i, "worker-1", Map.of("app", "guarded"));
    }
    client
        .policy()
        .v1()
        .podDisruptionBudget()
        .inNamespace("budgeted")
        .resource(
            new PodDisruptionBudgetBuilder()
                .withNewMetadata()
                .withName("guarded")
                .endMetadata()
                .withNewSpec()
                .withMinAvailable(new IntOrString(2))
                .withNewSelector()
                .withMatchLabels(Map.of("app", "guarded"))
                .endSelector()
                .endSpec()
                .build())
        .create();
    // The disruption controller counts the healthy pods; until it has, no eviction is allowed.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              var budget =
                  client
                      .policy()
                      .v1()
                      .podDisruptionBudget()
                      .inNamespace("budgeted")
                      .withName("guarded")
                      .get();
              return budget.getStatus() != null
                  && Integer.valueOf(1).equals(budget.getStatus().getDisruptionsAllowed());
            });

    assertThat(client.pods().inNamespace("budgeted").withName("member-1").evict()).isTrue();
    assertThat(client.pods().inNamespace("budgeted").withName("member-2").evict()).isFalse();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> client.pods().inNamespace("budgeted").withName("member-1").get() == null);
    assertThat(client.pods().inNamespace("budgeted").withName("member-2").get()).isNotNull();
  }

  @Test
  void kubectlDrainCordonsTheNodeAndEvictsItsPods(KubeControlPlane cluster) {
    KubernetesClient client = cluster.client();
    try (TestKubelet worker = new TestKubelet(client, "worker-2")) {
      pod(client, "drained", "a", "worker-2", Map.of());
      pod(client, "drained", "b", "worker-2", Map.of());

      Kubectl.Result drain =
          cluster.kubectl("drain", "worker-2", "--force", "--ignore-daemonsets", "--timeout=60s");

      assertThat(drain.succeeded()).as(drain.stderr()).isTrue();
      assertThat(drain.stdout())
          .contains("pod/a evicted", "pod/b evicted", "node/worker-2 drained");
      assertThat(client.nodes().withName("worker-2").get().getSpec().getUnschedulable()).isTrue();
      assertThat(client.pods().inNamespace("drained").list().getItems()).isEmpty();
    }
  }

  @Test
  void kubectlDrainWaitsWhileTheWebhookHoldsAPod(KubeControlPlane cluster) {
    KubernetesClient client = cluster.client();
    try (TestKubelet worker = new TestKubelet(client, "worker-3")) {
      pod(client, WATCHED, "held-2", "worker-3", Map.of());

      Kubectl.Result drain =
          cluster.kubectl("drain", "worker-3", "--force", "--ignore-daemonsets", "--timeout=5s");

      assertThat(drain.succeeded()).isFalse();
      assertThat(drain.stderr()).contains("held-2 is drained first");
      assertThat(client.pods().inNamespace(WATCHED).withName("held-2").get()).isNotNull();
    }
  }

  /**
   * A client that reports a refused eviction (429) at once: by default Fabric8 retries a 429 with
   * backoff for about 20 s before it answers false.
   */
  private static KubernetesClient evicting(KubeControlPlane cluster) {
    return cluster.client(
        new ConfigBuilder(cluster.adminConfig()).withRequestRetryBackoffLimit(0).build());
  }

  private static void namespace(KubernetesClient client, String name, Map<String, String> labels) {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .build())
        .create();
    // Pods need the namespace's default ServiceAccount, which a controller creates.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> client.serviceAccounts().inNamespace(name).withName("default").get() != null);
  }

  private static void pod(
      KubernetesClient client,
      String namespace,
      String name,
      String node,
      Map<String, String> labels) {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withLabels(labels)
            .endMetadata()
            .withNewSpec()
            .withNodeName(node)
            .withAutomountServiceAccountToken(false)
            .addNewContainer()
            .withName("main")
            .withImage("registry.invalid/none:1")
            .endContainer()
            .endSpec()
            .build();
    client.pods().inNamespace(namespace).resource(pod).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                "Running"
                    .equals(
                        client
                            .pods()
                            .inNamespace(namespace)
                            .withName(name)
                            .get()
                            .getStatus()
                            .getPhase()));
  }
}
