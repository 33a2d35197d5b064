package io.rtfleet.controller.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rtfleet.controller.LocalCluster;
import io.rtfleet.controller.SampleFleets;
import io.rtfleet.controller.events.OperatorEvents;
import io.rtfleet.controller.metrics.OperatorMetrics;
import io.rtfleet.controller.model.FleetLabels;
import io.rtfleet.testing.kube.KubeControlPlane;
import io.rtfleet.testing.kube.Kubectl;
import io.rtfleet.testing.kube.OnRealApiServer;
import io.rtfleet.testing.kube.ShippedManifests;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl drain} of a Kubernetes node under a fleet pod, on a real API server: the webhook
 * configuration rtfleet ships (manifests/operator/webhook.yaml, its Service swapped for a loopback
 * URL) sends the eviction to the operator's webhook, which runs under the operator's own
 * ServiceAccount and shipped ClusterRole; the drain is refused with the webhook's reason while the
 * pod is marked for the operator, and goes through once the pod is gone (the operator deletes it
 * once it has drained it into a replacement, which {@code FleetRolloutIT} shows with real nodes).
 */
@OnRealApiServer
class EvictionWebhookKubeIT {
  private static final String NAMESPACE = "chat";

  @Test
  void kubectlDrainIsHeldByTheWebhookUntilTheOperatorHasDrainedThePod(KubeControlPlane cluster)
      throws Exception {
    KubernetesClient admin = cluster.client();
    LocalCluster.MANIFESTS.install(admin);
    admin
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> admin.serviceAccounts().inNamespace(NAMESPACE).withName("default").get() != null);
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> admin.resource(SampleFleets.fleet(NAMESPACE, "chat", 3)).create() != null);

    KubernetesClient operator = ShippedManifests.operatorClient(cluster, admin);
    OperatorMetrics metrics = new OperatorMetrics();
    try (EvictionWebhook webhook =
        EvictionWebhook.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            cluster.webhookCertificate(),
            cluster.webhookKey(),
            null,
            operator,
            new OperatorEvents(operator, Clock.systemUTC()),
            metrics)) {
      ShippedWebhook.register(admin, cluster, webhook.port());
      admin
          .nodes()
          .resource(new NodeBuilder().withNewMetadata().withName("worker-1").endMetadata().build())
          .create();
      runningNodePod(admin, "chat-0", "worker-1");

      Kubectl.Result held =
          cluster.kubectl("drain", "worker-1", "--force", "--ignore-daemonsets", "--timeout=6s");
      assertThat(held.succeeded()).isFalse();
      assertThat(held.stderr()).contains("drained into a replacement first");
      Pod marked = admin.pods().inNamespace(NAMESPACE).withName("chat-0").get();
      assertThat(marked.getMetadata().getAnnotations())
          .containsEntry(FleetLabels.DRAIN_ANNOTATION, "true");
      assertThat(admin.v1().events().inNamespace(NAMESPACE).list().getItems())
          .extracting(event -> event.getReason() + " " + event.getInvolvedObject().getName())
          .contains("EvictionIntercepted chat");

      // What the operator does once the node is drained: mark it drained and delete its pod.
      admin.pods().inNamespace(NAMESPACE).withName("chat-0").withGracePeriod(0).delete();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> admin.pods().inNamespace(NAMESPACE).withName("chat-0").get() == null);
      Kubectl.Result drained =
          cluster.kubectl("drain", "worker-1", "--force", "--ignore-daemonsets", "--timeout=20s");
      assertThat(drained.succeeded()).as(drained.stderr()).isTrue();
      assertThat(drained.stdout()).contains("node/worker-1 drained");
    }
  }

  /** A fleet node pod bound to {@code node}, running as a kubelet would report it. */
  private static void runningNodePod(KubernetesClient admin, String name, String node) {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(NAMESPACE)
            .withLabels(FleetLabels.pod("chat", "abc"))
            .endMetadata()
            .withNewSpec()
            .withNodeName(node)
            .withAutomountServiceAccountToken(false)
            .addNewContainer()
            .withName("node")
            .withImage("registry.invalid/realtime-node:1")
            .endContainer()
            .endSpec()
            .build();
    Pod created = admin.pods().inNamespace(NAMESPACE).resource(pod).create();
    created.setStatus(new PodStatusBuilder().withPhase("Running").withPodIP("10.0.0.7").build());
    admin.pods().inNamespace(NAMESPACE).resource(created).updateStatus();
  }
}
