package io.rtfleet.controller.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.rtfleet.api.crd.PlacementSpec;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.api.crd.RolloutSpec;
import io.rtfleet.controller.LocalCluster;
import io.rtfleet.controller.SampleFleets;
import io.rtfleet.testing.kube.KubeControlPlane;
import io.rtfleet.testing.kube.Kubectl;
import io.rtfleet.testing.kube.OnRealApiServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CRDs of {@code manifests/crds/} on a real API server: what their schema refuses is refused
 * there with the field named, what it defaults is filled in, the scale subresource and the printer
 * columns work as kubectl users expect.
 */
@OnRealApiServer
class CrdSchemaIT {
  private static final String NAMESPACE = "schema";

  @BeforeAll
  static void install(KubernetesClient client) throws Exception {
    LocalCluster.MANIFESTS.installCrds(client);
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .create();
  }

  @Test
  void theServerFillsInTheDefaultsOfAMinimalFleet(KubernetesClient client) {
    RealtimeFleet created = client.resource(SampleFleets.fleet(NAMESPACE, "minimal", 3)).create();

    assertThat(created.getSpec().getAutoRebalance()).isTrue();
    assertThat(created.getSpec().getReplicas()).isEqualTo(3);
  }

  @Test
  void theSampleFleetIsAccepted(KubernetesClient client) throws Exception {
    try (InputStream yaml =
        Files.newInputStream(Path.of("..", "manifests", "samples", "realtimefleet.yaml"))) {
      RealtimeFleet sample = client.resources(RealtimeFleet.class).load(yaml).item();
      RealtimeFleet created = client.resource(sample).inNamespace(NAMESPACE).create();

      assertThat(created.getSpec().getReplicas()).isEqualTo(3);
      assertThat(created.getSpec().getRollout().getPartition()).isNull();
    }
  }

  @Test
  void valuesOutsideTheSchemaAreRefusedWithTheFieldNamed(KubernetesClient client) {
    RealtimeFleet negative = SampleFleets.fleet(NAMESPACE, "negative", -1);
    RealtimeFleet noImage = SampleFleets.fleet(NAMESPACE, "no-image", 1);
    noImage.getSpec().getTemplate().setImage(null);
    RealtimeFleet surge = SampleFleets.fleet(NAMESPACE, "surge", 1);
    surge.getSpec().setRollout(new RolloutSpec());
    surge.getSpec().getRollout().setMaxSurge(500);

    assertRefused(client, negative, "spec.replicas");
    assertRefused(client, noImage, "spec.template.image");
    assertRefused(client, surge, "spec.rollout.maxSurge");
  }

  @Test
  void theSlotCountCannotChangeOnceTheFleetExists(KubernetesClient client) {
    RealtimeFleet fleet = SampleFleets.fleet(NAMESPACE, "slots", 1);
    fleet.getSpec().setPlacement(new PlacementSpec());
    fleet.getSpec().getPlacement().setSlotCount(1024);
    RealtimeFleet created = client.resource(fleet).create();

    created.getSpec().getPlacement().setSlotCount(2048);
    assertThatThrownBy(() -> client.resource(created).update())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("slotCount cannot be changed");
  }

  @Test
  void kubectlScalesAFleetAndListsItWithItsColumns(
      KubeControlPlane plane, KubernetesClient client) {
    client.resource(SampleFleets.fleet(NAMESPACE, "scaled", 2)).create();

    Kubectl.Result scaled =
        plane.kubectl("-n", NAMESPACE, "scale", "rtf", "scaled", "--replicas=5");
    Kubectl.Result listed = plane.kubectl("-n", NAMESPACE, "get", "rtf", "scaled");

    assertThat(scaled.succeeded()).as(scaled.stderr()).isTrue();
    assertThat(
            client
                .resources(RealtimeFleet.class)
                .inNamespace(NAMESPACE)
                .withName("scaled")
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(5);
    assertThat(listed.stdout().lines().findFirst().orElseThrow().split("\\s+"))
        .containsExactly("NAME", "AGE", "GUILDS", "EPOCH", "READY", "NODES", "ROLLOUT", "SESSIONS");
  }

  private static void assertRefused(KubernetesClient client, RealtimeFleet fleet, String field) {
    assertThatThrownBy(() -> client.resource(fleet).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            refused -> {
              assertThat(refused.getCode()).isEqualTo(422);
              assertThat(refused.getMessage()).contains(field);
            });
  }
}
