package io.rtfleet.testing.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What rtfleet ships in {@code manifests/}, installed on a real API server as a cluster admin
 * would: the CRDs, and the operator's namespace, ServiceAccount and least-privilege RBAC; and a
 * client with that ServiceAccount's token, which can do only what the RBAC grants. Used by the
 * operator's tests on the real API server and by {@code rtctl dev up --api-server real}.
 */
public final class ShippedManifests {
  private static final Duration ESTABLISHED = Duration.ofSeconds(30);

  private final Path directory;

  /** The manifests under {@code directory} (a checkout's {@code manifests/}). */
  public ShippedManifests(Path directory) {
    this.directory = directory;
  }

  /** A file of them, e.g. {@code operator/webhook.yaml}. */
  public Path file(String relative) {
    return directory.resolve(relative);
  }

  /** The CRDs (established) and the operator's namespace, ServiceAccount and RBAC. */
  public void install(KubernetesClient admin) throws IOException, InterruptedException {
    installCrds(admin);
    for (String file : List.of("namespace.yaml", "serviceaccount.yaml", "rbac.yaml")) {
      apply(admin, directory.resolve("operator").resolve(file));
    }
  }

  /** The CRDs of {@code crds/}, established. */
  public void installCrds(KubernetesClient admin) throws IOException, InterruptedException {
    for (String crd :
        List.of("realtimefleets.rtfleet.io-v1.yml", "guildrebalances.rtfleet.io-v1.yml")) {
      apply(admin, directory.resolve("crds").resolve(crd));
    }
  }

  /** Creates every object of a manifest, waiting for a CRD to be established. */
  public static void apply(KubernetesClient client, Path file)
      throws IOException, InterruptedException {
    try (InputStream yaml = Files.newInputStream(file)) {
      for (HasMetadata object : client.load(yaml).items()) {
        client.resource(object).create();
        if (object instanceof CustomResourceDefinition crd) {
          awaitEstablished(client, crd.getMetadata().getName());
        }
      }
    }
  }

  private static void awaitEstablished(KubernetesClient client, String crd)
      throws InterruptedException {
    long deadline = System.nanoTime() + ESTABLISHED.toNanos();
    while (!established(client, crd)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "CRD " + crd + " not established after " + ESTABLISHED.toSeconds() + " s");
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  private static boolean established(KubernetesClient client, String crd) {
    CustomResourceDefinition seen =
        client.apiextensions().v1().customResourceDefinitions().withName(crd).get();
    return seen != null
        && seen.getStatus() != null
        && seen.getStatus().getConditions() != null
        && seen.getStatus().getConditions().stream()
            .anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True"));
  }

  /** A client with the token of the operator's ServiceAccount: only what rbac.yaml grants it. */
  public static KubernetesClient operatorClient(KubeControlPlane cluster, KubernetesClient admin) {
    String token =
        admin
            .serviceAccounts()
            .inNamespace("rtfleet-system")
            .withName("rtfleet-operator")
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(24 * 3600L)
                    .endSpec()
                    .build())
            .getStatus()
            .getToken();
    return cluster.client(
        new ConfigBuilder()
            .withMasterUrl(cluster.server())
            .withCaCertFile(cluster.caCertificate().toString())
            .withOauthToken(token)
            .build());
  }
}
