package io.rtfleet.testing.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A validating admission webhook served over TLS from the test JVM, as the operator's eviction
 * webhook will be: it is asked about every eviction and denies those of pods whose name starts with
 * {@code held-}, with a 429 as Strimzi's Drain Cleaner answers while it drains the pod's node
 * first.
 */
final class DenyingEvictionWebhook implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpsServer server;
  private final List<String> asked = new CopyOnWriteArrayList<>();

  DenyingEvictionWebhook(Path certificate, Path key) {
    try {
      server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setHttpsConfigurator(new HttpsConfigurator(tls(certificate, key)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    server.createContext("/evictions", this::review);
    server.start();
  }

  String url() {
    return "https://127.0.0.1:" + server.getAddress().getPort() + "/evictions";
  }

  /** The pods whose eviction the API server asked about, in order. */
  List<String> asked() {
    return asked;
  }

  private void review(HttpExchange exchange) throws IOException {
    try (exchange) {
      JsonNode request = JSON.readTree(exchange.getRequestBody()).path("request");
      String pod = request.path("name").asText();
      asked.add(pod);
      ObjectNode review = JSON.createObjectNode();
      review.put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
      ObjectNode response = review.putObject("response");
      response.put("uid", request.path("uid").asText());
      boolean allowed = !pod.startsWith("held-");
      response.put("allowed", allowed);
      if (!allowed) {
        response
            .putObject("status")
            .put("code", 429)
            .put("message", pod + " is drained first; it will be deleted when it is");
      }
      byte[] body = JSON.writeValueAsBytes(review);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    }
  }

  private static SSLContext tls(Path certificate, Path key)
      throws IOException, GeneralSecurityException {
    Certificate cert;
    try (var in = Files.newInputStream(certificate)) {
      cert = CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    String pem =
        Files.readString(key)
            .replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "")
            .replaceAll("\\s", "");
    PrivateKey privateKey =
        KeyFactory.getInstance("RSA")
            .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    char[] password = "webhook".toCharArray();
    store.setKeyEntry("webhook", privateKey, password, new Certificate[] {cert});
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, password);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
