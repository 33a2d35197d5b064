package io.rtfleet.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtfleet.coordinator.HttpNodeAdminClient;
import io.rtfleet.coordinator.NodeAdminClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import okhttp3.OkHttpClient;

/**
 * A node the bench drives: its client URL (gateway and REST share it) and its admin API, through
 * the typed admin client. An async REST helper for setup; the measured traffic uses its own
 * clients.
 */
public final class Target {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final OkHttpClient ADMIN_HTTP = HttpNodeAdminClient.newHttpClient();

  private final String url;
  private final String adminUrl;
  private final String adminToken;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final List<Target> entries;
  private final NodeAdminClient admin;

  public Target(String url, String adminUrl, String adminToken) {
    this(url, adminUrl, adminToken, List.of());
  }

  /**
   * A fleet driven through several nodes: setup and admin calls go to this one, sessions and
   * publishers are spread over {@code others} too.
   */
  public Target(String url, String adminUrl, String adminToken, List<Target> others) {
    this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.adminUrl =
        adminUrl.endsWith("/") ? adminUrl.substring(0, adminUrl.length() - 1) : adminUrl;
    this.adminToken = adminToken;
    this.admin =
        new HttpNodeAdminClient(
            "node", this.adminUrl, adminToken, ADMIN_HTTP, Duration.ofSeconds(60));
    List<Target> all = new java.util.ArrayList<>();
    all.add(this);
    all.addAll(others);
    this.entries = List.copyOf(all);
  }

  /** The nodes clients enter through: this one first. */
  public List<Target> entries() {
    return entries;
  }

  public String url() {
    return url;
  }

  public String adminUrl() {
    return adminUrl;
  }

  public String adminToken() {
    return adminToken;
  }

  public String gatewayUrl() {
    return url.replaceFirst("^http", "ws");
  }

  public URI uri() {
    return URI.create(url);
  }

  public CompletableFuture<JsonNode> rest(
      String method, String path, String authorization, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url + "/api/v10" + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .header("Authorization", authorization);
    return send(request, method + " " + path);
  }

  /** The node's admin API. */
  public NodeAdminClient admin() {
    return admin;
  }

  /** The node's Prometheus text, for memory figures. */
  public String metrics() throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(adminUrl + "/metrics"))
                .header("Authorization", "Bearer " + adminToken)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET /metrics answered " + response.statusCode());
    }
    return response.body();
  }

  /** The value of one metric sample line, e.g. {@code jvm_memory_used_bytes{area="heap"}}. */
  public static double sample(String metrics, String line) {
    return metrics
        .lines()
        .filter(l -> l.startsWith(line + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(line.length() + 1).trim()))
        .findFirst()
        .orElse(Double.NaN);
  }

  private CompletableFuture<JsonNode> send(HttpRequest.Builder request, String what) {
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
        .thenApply(
            response -> {
              if (response.statusCode() >= 300) {
                throw new IllegalStateException(
                    what + " answered " + response.statusCode() + ": " + response.body());
              }
              try {
                return response.body().isEmpty() ? null : JSON.readTree(response.body());
              } catch (IOException malformed) {
                throw new IllegalStateException(what + " answered malformed JSON", malformed);
              }
            });
  }
}
