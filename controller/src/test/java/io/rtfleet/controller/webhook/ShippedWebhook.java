package io.rtfleet.controller.webhook;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rtfleet.controller.LocalCluster;
import io.rtfleet.testing.kube.KubeControlPlane;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Base64;

/** The webhook configuration rtfleet ships, registered on a real API server for a test. */
final class ShippedWebhook {
  private ShippedWebhook() {}

  /** webhook.yaml's configuration, pointed at the webhook on loopback with the harness's CA. */
  static void register(KubernetesClient admin, KubeControlPlane cluster, int port)
      throws IOException {
    ValidatingWebhookConfiguration shipped;
    try (InputStream yaml =
        Files.newInputStream(LocalCluster.MANIFESTS.file("operator/webhook.yaml"))) {
      shipped =
          admin.load(yaml).items().stream()
              .filter(ValidatingWebhookConfiguration.class::isInstance)
              .map(ValidatingWebhookConfiguration.class::cast)
              .findFirst()
              .orElseThrow();
    }
    String caBundle =
        Base64.getEncoder().encodeToString(Files.readAllBytes(cluster.caCertificate()));
    shipped
        .getWebhooks()
        .forEach(
            webhook -> {
              webhook.getClientConfig().setService(null);
              webhook.getClientConfig().setUrl("https://127.0.0.1:" + port + EvictionWebhook.PATH);
              webhook.getClientConfig().setCaBundle(caBundle);
            });
    admin.resource(shipped).create();
  }
}
