package io.rtfleet.localkube;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fabric8's mock API server in CRUD mode on a loopback port, with rtfleet's CRDs installed (from
 * the API module, the same as {@code manifests/crds/}), as {@code rtctl dev up} runs it. Some calls
 * are answered by hand: the {@code SelfSubjectRulesReview} with which the SDK checks, before it
 * runs for a Lease, that it may use Leases (CRUD mode answers it 422, and leader election would not
 * start), kubectl's discovery ({@link KubectlDiscovery}), and the tables and scales kubectl asks
 * for ({@link KubectlViews}).
 */
public final class MockApiServer implements AutoCloseable {
  /** Where the API module's build puts the generated CRDs (the same as manifests/crds/). */
  private static final String CRDS = "META-INF/fabric8/";

  /**
   * The server logs every request at INFO through java.util.logging: thousands a minute under an
   * operator. Held here, since java.util.logging keeps its loggers weakly.
   */
  private static final java.util.logging.Logger REQUEST_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    REQUEST_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  private MockApiServer(KubernetesMockServer server) {
    this.server = server;
    this.client = server.createClient();
  }

  public static MockApiServer start() throws IOException {
    Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    AtomicReference<KubectlDiscovery> discovery =
        new AtomicReference<>(KubectlDiscovery.of(List.of()));
    AtomicReference<KubectlViews> views = new AtomicReference<>(KubectlViews.of(List.of()));
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            expectations,
            new KubernetesMixedDispatcher(expectations) {
              @Override
              public MockResponse dispatch(RecordedRequest request) {
                if ("GET".equals(request.getMethod())) {
                  Optional<String> document = discovery.get().document(request.getPath());
                  if (document.isPresent()) {
                    return json(200, document.get());
                  }
                }
                MockResponse answer = super.dispatch(request);
                if (answer.code() < 200 || answer.code() >= 300 || answer.getBody() == null) {
                  return answer;
                }
                return views
                    .get()
                    .rewrite(
                        request.getMethod(),
                        request.getPath(),
                        request.getHeader("Accept"),
                        request.getHeader("User-Agent"),
                        answer.getBody().getBytes(),
                        Instant.now())
                    .map(view -> json(answer.code(), view))
                    .orElse(answer);
              }
            },
            false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(201, leasesAllowed())
        .always();
    MockApiServer api = new MockApiServer(server);
    List<CustomResourceDefinition> installed = new ArrayList<>();
    for (String file :
        List.of("realtimefleets.rtfleet.io-v1.yml", "guildrebalances.rtfleet.io-v1.yml")) {
      try (InputStream yaml =
          MockApiServer.class.getClassLoader().getResourceAsStream(CRDS + file)) {
        if (yaml == null) {
          throw new IOException("CRD " + file + " is not on the class path (rtfleet-api's jar)");
        }
        CustomResourceDefinition crd =
            api.client.apiextensions().v1().customResourceDefinitions().load(yaml).item();
        installed.add(api.client.resource(crd).create());
      }
    }
    discovery.set(KubectlDiscovery.of(installed));
    views.set(KubectlViews.of(installed));
    return api;
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse()
        .setResponseCode(code)
        .addHeader("Content-Type", "application/json")
        .setBody(body);
  }

  private static SelfSubjectRulesReview leasesAllowed() {
    return new SelfSubjectRulesReviewBuilder()
        .withNewStatus()
        .addNewResourceRule()
        .withApiGroups("coordination.k8s.io")
        .withResources("leases")
        .withVerbs("get", "create", "update")
        .endResourceRule()
        .withIncomplete(false)
        .endStatus()
        .build();
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
