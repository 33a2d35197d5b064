package io.rtfleet.controller.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.controller.events.OperatorEvents;
import io.rtfleet.controller.metrics.OperatorMetrics;
import io.rtfleet.controller.model.AnnotationPatch;
import io.rtfleet.controller.model.FleetLabels;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The validating admission webhook on {@code pods/eviction} that makes {@code kubectl drain} (and
 * any evicter: the cluster autoscaler, a node upgrade) graceful for fleet pods: the API server asks
 * it about every eviction, and it refuses that of a fleet's running node pod with a 429, after
 * marking the pod ({@code rtfleet.io/drain=true}) for the operator to drain it into a replacement
 * and delete it ({@link EvictionReview}). The evicter's retries then find the pod gone.
 *
 * <p>Served over HTTPS on the JDK's own server, with the certificate of a TLS Secret, reloaded when
 * it changes ({@link PemKeyManager}). With a client CA, only clients with a certificate it signed
 * are served (the API server presents one when its admission configuration gives it a kubeconfig):
 * marking a pod for a drain changes state, so a cluster that can should require it. A lookup or a
 * mark that fails answers 500, and the webhook's {@code failurePolicy} decides.
 */
public final class EvictionWebhook implements AutoCloseable {
  public static final String PATH = "/evictions";
  private static final Logger LOG = LoggerFactory.getLogger(EvictionWebhook.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An AdmissionReview is a few kilobytes; anything past this is not one. */
  private static final int MAX_BODY_BYTES = 1 << 20;

  private final HttpsServer server;
  private final ExecutorService threads;
  private final KubernetesClient client;
  private final OperatorEvents events;
  private final OperatorMetrics metrics;

  private EvictionWebhook(
      HttpsServer server,
      ExecutorService threads,
      KubernetesClient client,
      OperatorEvents events,
      OperatorMetrics metrics) {
    this.server = server;
    this.threads = threads;
    this.client = client;
    this.events = events;
    this.metrics = metrics;
  }

  /**
   * Serves the webhook at {@code address}.
   *
   * @param certificate the serving certificate chain (PEM, a TLS Secret's {@code tls.crt})
   * @param key its PKCS #8 private key (PEM, {@code tls.key})
   * @param clientCa the CA whose client certificates are required (PEM), or null for none
   */
  public static EvictionWebhook start(
      InetSocketAddress address,
      Path certificate,
      Path key,
      Path clientCa,
      KubernetesClient client,
      OperatorEvents events,
      OperatorMetrics metrics)
      throws IOException {
    SSLContext tls;
    try {
      tls = SSLContext.getInstance("TLS");
      tls.init(
          new KeyManager[] {new PemKeyManager(certificate, key)},
          clientCa == null ? null : trusting(clientCa).getTrustManagers(),
          null);
    } catch (GeneralSecurityException unusable) {
      throw new IOException("cannot serve TLS with " + certificate + ": " + unusable, unusable);
    }
    HttpsServer server = HttpsServer.create(address, 0);
    server.setHttpsConfigurator(
        new HttpsConfigurator(tls) {
          @Override
          public void configure(HttpsParameters parameters) {
            // Set on the SSL parameters: the server takes them whole, ignoring its own setters.
            SSLParameters ssl = tls.getDefaultSSLParameters();
            ssl.setNeedClientAuth(clientCa != null);
            parameters.setSSLParameters(ssl);
          }
        });
    ExecutorService threads =
        Executors.newFixedThreadPool(
            2,
            task -> {
              Thread thread = new Thread(task, "eviction-webhook");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(threads);
    EvictionWebhook webhook = new EvictionWebhook(server, threads, client, events, metrics);
    server.createContext(PATH, webhook::review);
    server.start();
    LOG.info(
        "eviction webhook on https://{}:{}{}{}",
        address.getHostString(),
        server.getAddress().getPort(),
        PATH,
        clientCa == null ? "" : " (client certificates required)");
    return webhook;
  }

  private static TrustManagerFactory trusting(Path clientCa)
      throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    try (InputStream in = java.nio.file.Files.newInputStream(clientCa)) {
      int index = 0;
      for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + index++, ca);
      }
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    return trust;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void review(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "POST");
        answer(exchange, 405, error("POST an admission.k8s.io/v1 AdmissionReview"));
        return;
      }
      byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
      if (body.length > MAX_BODY_BYTES) {
        answer(exchange, 413, error("an AdmissionReview is at most " + MAX_BODY_BYTES + " bytes"));
        return;
      }
      JsonNode request;
      try {
        request = JSON.readTree(body).path("request");
      } catch (JsonProcessingException malformed) {
        answer(exchange, 400, error("not JSON: " + malformed.getOriginalMessage()));
        return;
      }
      String uid = request.path("uid").asText("");
      if (uid.isEmpty()) {
        answer(exchange, 400, error("not an AdmissionReview: request.uid is missing"));
        return;
      }
      if (!"pods".equals(request.path("resource").path("resource").asText())
          || !"eviction".equals(request.path("subResource").asText())) {
        answer(exchange, 200, response(uid, EvictionReview.Decision.allow()));
        return;
      }
      EvictionReview.Decision decision;
      try {
        decision =
            decide(
                request.path("namespace").asText(),
                request.path("name").asText(),
                request.path("dryRun").asBoolean(false));
      } catch (RuntimeException failed) {
        LOG.warn(
            "eviction review of {} failed: {}", request.path("name").asText(), failed.toString());
        answer(exchange, 500, error("the operator could not review the eviction: " + failed));
        return;
      }
      answer(exchange, 200, response(uid, decision));
    }
  }

  /**
   * Looks the pod up, decides, and marks it for a drain when the decision says so, unless the
   * eviction is a dry run (which the configuration's {@code sideEffects: NoneOnDryRun} promises).
   */
  private EvictionReview.Decision decide(String namespace, String name, boolean dryRun) {
    Pod pod = client.pods().inNamespace(namespace).withName(name).get();
    EvictionReview.Decision decision = EvictionReview.decide(pod);
    if (decision.allowed() || dryRun) {
      return decision;
    }
    if (decision.markForDrain()) {
      client
          .pods()
          .inNamespace(namespace)
          .withName(name)
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              AnnotationPatch.of(FleetLabels.DRAIN_ANNOTATION, "true"));
      RealtimeFleet fleet =
          client
              .resources(RealtimeFleet.class)
              .inNamespace(namespace)
              .withName(decision.fleet())
              .get();
      if (fleet != null) {
        events.warning(
            fleet,
            "EvictionIntercepted",
            "eviction of pod " + name + " refused: it is drained into a replacement first");
      }
    }
    metrics.evictionIntercepted(namespace, decision.fleet(), decision.markForDrain());
    return decision;
  }

  private static ObjectNode response(String uid, EvictionReview.Decision decision) {
    ObjectNode review = JSON.createObjectNode();
    review.put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
    ObjectNode response = review.putObject("response");
    response.put("uid", uid).put("allowed", decision.allowed());
    if (!decision.allowed()) {
      response.putObject("status").put("code", 429).put("message", decision.message());
    }
    return review;
  }

  private static ObjectNode error(String message) {
    ObjectNode error = JSON.createObjectNode();
    error.put("message", message);
    return error;
  }

  private static void answer(HttpExchange exchange, int status, ObjectNode body)
      throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
