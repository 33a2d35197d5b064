package io.rtfleet.controller.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * What an API server sends the eviction webhook: AdmissionReviews of evictions over HTTPS, trusting
 * the webhook's CA, with a client certificate when one is given.
 */
public final class ApiServerCalls {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final URI webhook;

  /**
   * @param ca the CA of the webhook's serving certificate
   * @param clientStore a PKCS #12 store (password "test") with a client certificate, or null
   */
  public ApiServerCalls(int port, Path ca, Path clientStore)
      throws IOException, GeneralSecurityException {
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    try (InputStream in = Files.newInputStream(ca)) {
      trusted.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    KeyManagerFactory keys = null;
    if (clientStore != null) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(clientStore)) {
        store.load(in, "test".toCharArray());
      }
      keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, "test".toCharArray());
    }
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
    this.http = HttpClient.newBuilder().sslContext(tls).build();
    this.webhook = URI.create("https://127.0.0.1:" + port + EvictionWebhook.PATH);
  }

  /** An AdmissionReview of the eviction of {@code pod}, as the API server sends it. */
  public static String eviction(String namespace, String pod) {
    return """
        {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{
          "uid":"u-%s","kind":{"group":"policy","version":"v1","kind":"Eviction"},
          "resource":{"group":"","version":"v1","resource":"pods"},"subResource":"eviction",
          "name":"%s","namespace":"%s","operation":"CREATE",
          "object":{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"%s"}}}}
        """
        .formatted(pod, pod, namespace, pod);
  }

  public HttpResponse<String> post(String body) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(webhook)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> get() throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(webhook).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The review's answer to the eviction of {@code pod}: its {@code response}. */
  public JsonNode evict(String namespace, String pod) throws IOException, InterruptedException {
    HttpResponse<String> answer = post(eviction(namespace, pod));
    if (answer.statusCode() != 200) {
      throw new IOException("the webhook answered " + answer.statusCode() + ": " + answer.body());
    }
    return JSON.readTree(answer.body()).path("response");
  }
}
