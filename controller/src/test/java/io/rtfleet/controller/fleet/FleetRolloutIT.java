package io.rtfleet.controller.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.rtfleet.api.crd.DrainSpec;
import io.rtfleet.api.crd.FleetNodeStatus;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.api.crd.RolloutSpec;
import io.rtfleet.controller.LocalCluster;
import io.rtfleet.controller.events.OperatorEvents;
import io.rtfleet.controller.metrics.OperatorMetrics;
import io.rtfleet.controller.model.Conditions;
import io.rtfleet.controller.model.FleetLabels;
import io.rtfleet.controller.model.NodePods;
import io.rtfleet.controller.webhook.ApiServerCalls;
import io.rtfleet.controller.webhook.EvictionWebhook;
import io.rtfleet.controller.webhook.TestCertificates;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rollouts with real nodes: a change of the template replaces the nodes one by one, each drained
 * into a fresh node started first, never with fewer ready nodes than asked for; a partition stops
 * the rollout after that many nodes and says so; a node whose eviction the eviction webhook refused
 * (it marks the pod) is drained into a new one; so is one whose pod was deleted by hand.
 */
class FleetRolloutIT {
  private static final String NAMESPACE = "rolled";
  private static final String FLEET = "roll";
  private static final Duration WAIT = Duration.ofMinutes(3);

  @TempDir static Path directory;
  private static LocalCluster cluster;
  private static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    cluster = LocalCluster.start(directory, NAMESPACE);
    client = cluster.client();
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.close();
  }

  @Test
  void aTemplateChangeRollsTheFleetNodeByNodeAPartitionStopsItAndAnEvictedOrDeletedNodeIsDrained()
      throws Exception {
    RealtimeFleet fleet = cluster.fleet(FLEET, 3);
    DrainSpec drain = new DrainSpec();
    drain.setReadinessDelaySeconds(1);
    drain.setWaveIntervalMillis(100);
    fleet.getSpec().setDrain(drain);
    RolloutSpec rollout = new RolloutSpec();
    rollout.setPartition(1);
    fleet.getSpec().setRollout(rollout);
    client.resource(fleet).create();
    await().atMost(WAIT).untilAsserted(() -> assertSettled(3));
    String first = cluster.read(FLEET).getStatus().getCurrentRevision();

    try (PodCounts counts = PodCounts.watch(client)) {
      // From the fleet as it is now: the watch's first events bring its pods one by one.
      await().atMost(WAIT).until(() -> counts.pods.size() == 3);
      counts.restart();
      edit(
          f -> {
            f.getSpec().getTemplate().setJvmOptions(List.of("-Xmx256m", "-Drtfleet.rollout=2"));
            return f;
          });

      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                RealtimeFleet now = cluster.read(FLEET);
                assertThat(now.getStatus().getUpdatedReplicas()).isEqualTo(1);
                assertThat(Conditions.isTrue(now.getStatus().getConditions(), "RolloutPaused"))
                    .as("paused: %s", now.getStatus().getConditions())
                    .isTrue();
                assertThat(now.getStatus().getRollout()).isEqualTo("Partition 1/3 updated");
                assertSettled(3);
              });
      String second = cluster.read(FLEET).getStatus().getUpdateRevision();
      assertThat(second).isNotEqualTo(first);
      assertThat(cluster.read(FLEET).getStatus().getCurrentRevision()).isEqualTo(first);

      edit(
          f -> {
            f.getSpec().getRollout().setPartition(null);
            return f;
          });

      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                RealtimeFleet now = cluster.read(FLEET);
                assertThat(now.getStatus().getRollout()).isEqualTo("Complete");
                assertThat(now.getStatus().getCurrentRevision()).isEqualTo(second);
                assertThat(now.getStatus().getNodes())
                    .allSatisfy(node -> assertThat(node.getRevision()).isEqualTo(second));
                assertSettled(3);
              });
      // Drain first: never fewer ready nodes than asked for, at most one above (maxSurge 1) but
      // for the node draining, which is on its way out while the next fresh node starts.
      assertThat(counts.fewestReady.get()).as("%s", counts.seen).isGreaterThanOrEqualTo(3);
      assertThat(counts.mostLive.get()).as("%s", counts.seen).isLessThanOrEqualTo(5);
    }

    // An eviction (kubectl drain of the Kubernetes node under it) asks the eviction webhook, as
    // the API server would: refused with a 429, the pod marked, drained into a new node and
    // deleted; the evicter's retry then goes through. (One fleet per test class: fleets must not
    // share a database, and the local cluster has one.)
    String replaced = cluster.read(FLEET).getStatus().getNodes().get(0).getName();
    TestCertificates certificates =
        TestCertificates.authority(Files.createDirectory(directory.resolve("webhook")));
    Path[] serving = certificates.issue("serving", "rtfleet-operator");
    try (EvictionWebhook webhook =
        EvictionWebhook.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            serving[0],
            serving[1],
            null,
            client,
            new OperatorEvents(client, Clock.systemUTC()),
            new OperatorMetrics())) {
      ApiServerCalls apiServer = new ApiServerCalls(webhook.port(), certificates.ca(), null);
      JsonNode refused = apiServer.evict(NAMESPACE, replaced);
      assertThat(refused.path("allowed").asBoolean()).as("%s", refused).isFalse();
      assertThat(refused.path("status").path("code").asInt()).isEqualTo(429);

      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                assertThat(client.pods().inNamespace(NAMESPACE).withName(replaced).get()).isNull();
                assertThat(cluster.read(FLEET).getStatus().getNodes())
                    .extracting(FleetNodeStatus::getName)
                    .doesNotContain(replaced);
                assertSettled(3);
              });
      assertThat(apiServer.evict(NAMESPACE, replaced).path("allowed").asBoolean()).isTrue();
    }

    // A pod deleted by hand (kubectl delete pod): its node turns unready on SIGTERM, the operator
    // hands its slots off to the others (nothing is failed over) while a new pod replaces it, and
    // once it is drained the node stops by itself, long before its grace period (10 minutes) ends.
    String deleted = cluster.read(FLEET).getStatus().getNodes().get(1).getName();
    long stopped = cluster.kubelet().processIds().get(NAMESPACE + "/" + deleted);
    client.pods().inNamespace(NAMESPACE).withName(deleted).delete();

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(cluster.kubelet().processIds().values()).doesNotContain(stopped);
              assertSettled(3);
            });
    List<Event> events =
        client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
            .filter(event -> event.getInvolvedObject().getName().equals(FLEET))
            .toList();
    // (Its node may stop before the operator looks again and sees it drained: no event then. Had
    // it stopped holding slots, they would have been failed over, with a FailedOver event.)
    assertThat(events)
        .extracting(Event::getMessage)
        .contains("draining " + deleted + " (PodDeleted)");
    assertThat(events).extracting(Event::getReason).doesNotContain("FailedOver");
  }

  private static void edit(UnaryOperator<RealtimeFleet> change) {
    client.resources(RealtimeFleet.class).inNamespace(NAMESPACE).withName(FLEET).edit(change);
  }

  private static void assertSettled(int nodes) {
    RealtimeFleet now = cluster.read(FLEET);
    assertThat(Conditions.isTrue(now.getStatus().getConditions(), Conditions.READY)).isTrue();
    assertThat(Conditions.isTrue(now.getStatus().getConditions(), Conditions.BALANCED))
        .as("balanced: %s", now.getStatus().getConditions())
        .isTrue();
    assertThat(now.getStatus().getOperation()).isNull();
    assertThat(now.getStatus().getNodes()).hasSize(nodes);
    assertThat(now.getStatus().getNodes().stream().mapToInt(FleetNodeStatus::getSlots).sum())
        .isEqualTo(4096);
  }

  /** The fewest ready and the most live pods of the rolled fleet, from every change seen. */
  private static final class PodCounts implements AutoCloseable {
    final AtomicInteger fewestReady = new AtomicInteger(Integer.MAX_VALUE);
    final AtomicInteger mostLive = new AtomicInteger();
    final List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, Pod> pods = new ConcurrentHashMap<>();
    private final SharedIndexInformer<Pod> informer;

    private PodCounts(SharedIndexInformer<Pod> informer) {
      this.informer = informer;
    }

    static PodCounts watch(KubernetesClient client) {
      PodCounts counts =
          new PodCounts(
              client
                  .pods()
                  .inNamespace(NAMESPACE)
                  .withLabel(FleetLabels.FLEET, FLEET)
                  .runnableInformer(0));
      counts.informer.addEventHandler(
          new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
              counts.seen(pod);
            }

            @Override
            public void onUpdate(Pod before, Pod pod) {
              counts.seen(pod);
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
              counts.pods.remove(pod.getMetadata().getName());
              counts.count();
            }
          });
      counts.informer.run();
      return counts;
    }

    synchronized void restart() {
      fewestReady.set(Integer.MAX_VALUE);
      mostLive.set(0);
      seen.clear();
      count();
    }

    private void seen(Pod pod) {
      pods.put(pod.getMetadata().getName(), pod);
      count();
    }

    private synchronized void count() {
      List<Pod> live =
          pods.values().stream()
              .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
              .toList();
      mostLive.accumulateAndGet(live.size(), Math::max);
      seen.add(
          live.stream()
              .map(p -> p.getMetadata().getName() + (NodePods.ready(p) ? "+" : "-"))
              .sorted()
              .toList()
              .toString());
      fewestReady.accumulateAndGet((int) live.stream().filter(NodePods::ready).count(), Math::min);
    }

    @Override
    public void close() {
      informer.close();
    }
  }
}
