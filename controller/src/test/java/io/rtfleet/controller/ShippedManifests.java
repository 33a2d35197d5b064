package io.rtfleet.controller;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rtfleet.testing.kube.KubeControlPlane;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What rtfleet ships in {@code manifests/}, installed on a real API server as a cluster admin
 * would: the CRDs, and the operator's namespace, ServiceAccount and least-privilege RBAC; and a
 * client with that ServiceAccount's token, which can do only what the RBAC grants.
 */
public final class ShippedManifests {
  public static final Path MANIFESTS = Path.of("..", "manifests");

  private ShippedManifests() {}

  /** The CRDs (established) and the operator's namespace, ServiceAccount and RBAC. */
  public static void install(KubernetesClient admin) throws IOException {
    installCrds(admin);
    for (String file : List.of("namespace.yaml", "serviceaccount.yaml", "rbac.yaml")) {
      apply(admin, MANIFESTS.resolve("operator").resolve(file));
    }
  }

  /** The CRDs of {@code manifests/crds/}, established. */
  public static void installCrds(KubernetesClient admin) throws IOException {
    for (String crd :
        List.of("realtimefleets.rtfleet.io-v1.yml", "guildrebalances.rtfleet.io-v1.yml")) {
      apply(admin, MANIFESTS.resolve("crds").resolve(crd));
    }
  }

  /** Creates every object of a manifest, waiting for a CRD to be established. */
  public static void apply(KubernetesClient client, Path file) throws IOException {
    try (InputStream yaml = Files.newInputStream(file)) {
      for (HasMetadata object : client.load(yaml).items()) {
        client.resource(object).create();
        if (object instanceof CustomResourceDefinition crd) {
          await()
              .atMost(Duration.ofSeconds(30))
              .until(
                  () ->
                      client
                          .apiextensions()
                          .v1()
                          .customResourceDefinitions()
                          .withName(crd.getMetadata().getName())
                          .get()
                          .getStatus()
                          .getConditions()
                          .stream()
                          .anyMatch(
                              c ->
                                  c.getType().equals("Established")
                                      && c.getStatus().equals("True")));
        }
      }
    }
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
                    .withExpirationSeconds(3600L)
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
