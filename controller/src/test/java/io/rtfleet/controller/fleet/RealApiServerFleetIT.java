package io.rtfleet.controller.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.rtfleet.api.crd.DrainSpec;
import io.rtfleet.api.crd.FleetNodeStatus;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.api.crd.RealtimeFleetStatus;
import io.rtfleet.controller.LocalCluster;
import io.rtfleet.controller.model.Conditions;
import io.rtfleet.controller.model.FleetLabels;
import io.rtfleet.testing.kube.KubeControlPlane;
import io.rtfleet.testing.kube.OnRealApiServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator on a real API server, with the CRDs and the least-privilege RBAC it ships, under its
 * own ServiceAccount, and real nodes (the local kubelet serves the pods): a fleet of 2 becomes
 * ready and placed, scales to 3 and rebalances, a node killed with kill -9 is failed over and
 * replaced, scaled back to 2 the node that goes is drained first, and, deleted, the fleet takes
 * what it owned with it through the real garbage collector.
 */
@OnRealApiServer
class RealApiServerFleetIT {
  private static final String NAMESPACE = "real";
  private static final Duration WAIT = Duration.ofMinutes(3);

  @TempDir Path directory;

  @Test
  void aFleetBecomesReadyScalesSurvivesAKilledNodeScalesDownAndGoesWithWhatItOwned(
      KubeControlPlane plane) throws Exception {
    try (LocalCluster cluster = LocalCluster.onRealApiServer(plane, directory, NAMESPACE)) {
      KubernetesClient admin = cluster.client();
      RealtimeFleet fleet = cluster.fleet("chat", 2);
      DrainSpec drain = new DrainSpec();
      drain.setReadinessDelaySeconds(1);
      fleet.getSpec().setDrain(drain);
      admin.resource(fleet).create();

      await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertPlaced(cluster, 2));

      admin.resources(RealtimeFleet.class).inNamespace(NAMESPACE).withName("chat").scale(3);
      await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertPlaced(cluster, 3));

      // kill -9 of a node process: its pod fails, its slots are failed over, a new pod replaces it.
      long epoch = cluster.read("chat").getStatus().getPlacementEpoch();
      long killed = cluster.kubelet().processIds().get(NAMESPACE + "/chat-1");
      ProcessHandle.of(killed).orElseThrow().destroyForcibly();
      await()
          .atMost(WAIT)
          .ignoreExceptions()
          .untilAsserted(
              () -> {
                assertThat(cluster.kubelet().processIds().values()).doesNotContain(killed);
                assertPlaced(cluster, 3);
                assertThat(cluster.read("chat").getStatus().getPlacementEpoch())
                    .isGreaterThan(epoch);
              });

      // scale down: the node that goes is drained first (its slots handed off), then deleted
      admin.resources(RealtimeFleet.class).inNamespace(NAMESPACE).withName("chat").scale(2);
      await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertPlaced(cluster, 2));
      assertThat(admin.v1().events().inNamespace(NAMESPACE).list().getItems())
          .extracting(event -> event.getReason() + ": " + event.getMessage())
          .anyMatch(event -> event.matches("DrainingNode: draining chat-\\d+ \\(ScaleDown\\)"));

      admin.resources(RealtimeFleet.class).inNamespace(NAMESPACE).withName("chat").delete();
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                assertThat(
                        admin
                            .pods()
                            .inNamespace(NAMESPACE)
                            .withLabels(FleetLabels.owned("chat"))
                            .list()
                            .getItems())
                    .extracting(Pod::getMetadata)
                    .isEmpty();
                assertThat(
                        admin
                            .secrets()
                            .inNamespace(NAMESPACE)
                            .withLabels(FleetLabels.owned("chat"))
                            .list()
                            .getItems())
                    .isEmpty();
              });
    }
  }

  private static void assertPlaced(LocalCluster cluster, int nodes) {
    RealtimeFleetStatus status = cluster.read("chat").getStatus();
    assertThat(Conditions.isTrue(status.getConditions(), Conditions.READY))
        .as("%s", Serialization.asYaml(status))
        .isTrue();
    assertThat(Conditions.isTrue(status.getConditions(), Conditions.BALANCED))
        .as("%s", status.getConditions())
        .isTrue();
    assertThat(status.getNodes()).hasSize(nodes).allMatch(FleetNodeStatus::isReady);
    assertThat(status.getNodes().stream().mapToInt(FleetNodeStatus::getSlots).sum())
        .isEqualTo(4096);
  }
}
