package io.rtfleet.controller.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rtfleet.api.crd.DrainSpec;
import io.rtfleet.api.crd.FleetNodeStatus;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.controller.LocalCluster;
import io.rtfleet.controller.events.OperatorEvents;
import io.rtfleet.controller.metrics.OperatorMetrics;
import io.rtfleet.controller.model.Conditions;
import io.rtfleet.localkube.LocalScheduler;
import io.rtfleet.testing.kube.KubeControlPlane;
import io.rtfleet.testing.kube.Kubectl;
import io.rtfleet.testing.kube.OnRealApiServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubectl drain} of the Kubernetes Node under a fleet's node processes, on a real API
 * server: the fleet's pods are bound to two Nodes (the local scheduler plays kube-scheduler, the
 * local kubelet runs them), the operator and its eviction webhook run under the operator's
 * ServiceAccount. kubectl cordons the Node and asks to evict its pods; the webhook refuses each
 * eviction (429, so kubectl retries) and marks the pod for the operator, which drains it into a
 * replacement bound to the other Node and deletes it; then the drain completes. No node is failed
 * over: every pod went by a drain.
 */
@OnRealApiServer
class KubectlDrainKubeIT {
  private static final String NAMESPACE = "drained";
  private static final Duration WAIT = Duration.ofMinutes(3);

  @Test
  void kubectlDrainOfANodeDrainsTheFleetPodsOnItIntoReplacementsOnTheOther(
      KubeControlPlane plane, @TempDir Path directory) throws Exception {
    try (LocalCluster cluster = LocalCluster.onRealApiServer(plane, directory, NAMESPACE);
        LocalScheduler scheduler =
            LocalScheduler.start(plane.client(), List.of("worker-1", "worker-2"));
        EvictionWebhook webhook =
            EvictionWebhook.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                plane.webhookCertificate(),
                plane.webhookKey(),
                null,
                cluster.operatorClient(),
                new OperatorEvents(cluster.operatorClient(), Clock.systemUTC()),
                new OperatorMetrics())) {
      KubernetesClient admin = cluster.client();
      ShippedWebhook.register(admin, plane, webhook.port());
      RealtimeFleet fleet = cluster.fleet("chat", 2);
      DrainSpec drain = new DrainSpec();
      drain.setReadinessDelaySeconds(1);
      fleet.getSpec().setDrain(drain);
      admin.resource(fleet).create();
      await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertSettled(cluster));
      List<String> onWorker1 = podsOn(admin, "worker-1");
      assertThat(onWorker1).as("the scheduler spreads the pods").hasSize(1);

      Kubectl.Result drained =
          plane.kubectl(
              "drain",
              "worker-1",
              "--ignore-daemonsets",
              "--delete-emptydir-data",
              "--timeout=180s");

      assertThat(drained.succeeded()).as(drained.stdout() + drained.stderr()).isTrue();
      assertThat(drained.stdout()).contains("node/worker-1 drained");
      await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertSettled(cluster));
      assertThat(podsOn(admin, "worker-1")).isEmpty();
      assertThat(podsOn(admin, "worker-2")).hasSize(2).doesNotContainAnyElementsOf(onWorker1);
      List<Event> events = admin.v1().events().inNamespace(NAMESPACE).list().getItems();
      assertThat(events)
          .extracting(event -> event.getReason() + ": " + event.getMessage())
          .contains(
              "DrainingNode: draining " + onWorker1.get(0) + " (Replace)",
              "NodeDrained: " + onWorker1.get(0) + " is drained: deleting its pod")
          .noneMatch(event -> event.startsWith("FailedOver"));
    }
  }

  private static List<String> podsOn(KubernetesClient admin, String node) {
    return admin.pods().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
        .filter(pod -> node.equals(pod.getSpec().getNodeName()))
        .map(Pod::getMetadata)
        .map(meta -> meta.getName())
        .toList();
  }

  private static void assertSettled(LocalCluster cluster) {
    RealtimeFleet now = cluster.read("chat");
    assertThat(Conditions.isTrue(now.getStatus().getConditions(), Conditions.READY)).isTrue();
    assertThat(Conditions.isTrue(now.getStatus().getConditions(), Conditions.BALANCED)).isTrue();
    assertThat(now.getStatus().getOperation()).isNull();
    assertThat(now.getStatus().getNodes()).hasSize(2).allMatch(FleetNodeStatus::isReady);
    assertThat(now.getStatus().getNodes().stream().mapToInt(FleetNodeStatus::getSlots).sum())
        .isEqualTo(4096);
  }
}
