package io.rtfleet.testing.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Owner references and the real garbage collector of kube-controller-manager. */
@ExtendWith(KubeApiServerExtension.class)
@Tag("kube")
class GarbageCollectionIT {

  @Test
  void deletingAnOwnerRemovesItsDependentsAndNothingElse(KubernetesClient client) {
    ConfigMap owner = client.configMaps().resource(configMap("owner", null)).create();
    OwnerReference reference =
        new OwnerReferenceBuilder()
            .withApiVersion("v1")
            .withKind("ConfigMap")
            .withName("owner")
            .withUid(owner.getMetadata().getUid())
            .build();
    client.configMaps().resource(configMap("dependent-1", reference)).create();
    client.configMaps().resource(configMap("dependent-2", reference)).create();
    client.configMaps().resource(configMap("bystander", null)).create();

    client.configMaps().withName("owner").delete();

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(client.configMaps().withName("dependent-1").get()).isNull();
              assertThat(client.configMaps().withName("dependent-2").get()).isNull();
            });
    assertThat(client.configMaps().withName("bystander").get()).isNotNull();
  }

  private static ConfigMap configMap(String name, OwnerReference owner) {
    ConfigMapBuilder builder =
        new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata();
    if (owner != null) {
      builder.editMetadata().withOwnerReferences(owner).endMetadata();
    }
    return builder.addToData("name", name).build();
  }
}
