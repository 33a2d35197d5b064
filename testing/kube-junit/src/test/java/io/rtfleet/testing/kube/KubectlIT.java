package io.rtfleet.testing.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The harness's kubectl, with the kubeconfig it wrote, against its API server. */
@ExtendWith(KubeApiServerExtension.class)
@Tag("kube")
class KubectlIT {

  @Test
  void reportsThePinnedReleaseOnBothSides(KubeControlPlane cluster) {
    Kubectl.Result version = cluster.kubectl("version");

    assertThat(version.succeeded()).as(version.stderr()).isTrue();
    assertThat(version.stdout()).contains("Client Version: v1.37.2", "Server Version: v1.37.2");
  }

  @Test
  void appliesAManifestTheFabric8ClientThenReads(KubeControlPlane cluster) throws Exception {
    var manifest = Files.createTempFile(cluster.workDir(), "configmap", ".yaml");
    Files.writeString(
        manifest,
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: from-kubectl
        data:
          greeting: hello
        """);

    Kubectl.Result apply = cluster.kubectl("apply", "--server-side", "-f", manifest.toString());

    assertThat(apply.succeeded()).as(apply.stderr()).isTrue();
    assertThat(apply.stdout()).contains("configmap/from-kubectl serverside-applied");
    KubernetesClient client = cluster.client();
    assertThat(client.configMaps().withName("from-kubectl").get().getData())
        .containsEntry("greeting", "hello");
    assertThat(cluster.kubectl("get", "namespaces", "-o", "name").stdout())
        .contains("namespace/default", "namespace/kube-system");
  }
}
