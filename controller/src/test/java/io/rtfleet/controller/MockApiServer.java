package io.rtfleet.controller;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;

/**
 * Fabric8's mock API server in CRUD mode on a loopback port, with rtfleet's CRDs (from {@code
 * manifests/crds/}) installed, as {@code rtctl dev up} runs it.
 */
public final class MockApiServer implements AutoCloseable {
  private static final Path CRDS = Path.of("..", "manifests", "crds");

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  private MockApiServer(KubernetesMockServer server) {
    this.server = server;
    this.client = server.createClient();
  }

  public static MockApiServer start() throws IOException {
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    MockApiServer api = new MockApiServer(server);
    for (String file :
        List.of("realtimefleets.rtfleet.io-v1.yml", "guildrebalances.rtfleet.io-v1.yml")) {
      try (InputStream yaml = Files.newInputStream(CRDS.resolve(file))) {
        CustomResourceDefinition crd =
            api.client.apiextensions().v1().customResourceDefinitions().load(yaml).item();
        api.client.resource(crd).create();
      }
    }
    return api;
  }

  public KubernetesClient client() {
    return client;
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
