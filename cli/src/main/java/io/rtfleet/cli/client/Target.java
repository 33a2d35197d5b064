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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/**
 * A node the bench drives: its client URL (gateway and REST share it) and its admin API, through
 * the typed admin client. An async REST helper for setup; the measured traffic uses its own
 * clients.
 */
public final class Target {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final OkHttpClient ADMIN_HTTP = HttpNodeAdminClient.newHttpClient();

  /** Tries of a request the node keeps answering 429 before it fails. */
  static final int RATE_LIMITED_ATTEMPTS = 10;

  private final String url;
  private final String adminUrl;
  private final String adminToken;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final RestRateLimits rateLimits = new RestRateLimits(System::nanoTime);
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

  /**
   * A REST call with {@code authorization}, its JSON answer; rate limits are waited out as
   * Discord's client libraries wait them out ({@link #rateLimitWaits}), a 429 tried again up to
   * {@value #RATE_LIMITED_ATTEMPTS} times.
   */
  public CompletableFuture<JsonNode> rest(
      String method, String path, String authorization, String body) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url + "/api/v10" + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .header("Authorization", authorization)
            .build();
    return send(request, authorization, method + " " + path, 1);
  }

  /** Time spent waiting for the node's rate limits, and how many requests it answered 429. */
  public String rateLimitWaits() {
    return String.format(
        "waited %.1f s on the node's rate limits (%d requests answered 429 and sent again)",
        rateLimits.waited().toMillis() / 1e3, rateLimits.limited());
  }

  /** Whether any request waited for a rate limit. */
  public boolean waitedForRateLimits() {
    return !rateLimits.waited().isZero();
  }

  private CompletableFuture<JsonNode> send(
      HttpRequest request, String token, String what, int attempt) {
    return after(rateLimits.before(token))
        .thenCompose(ready -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
        .thenCompose(
            response -> {
              Optional<Duration> retry = rateLimits.after(token, response);
              if (retry.isPresent() && attempt < RATE_LIMITED_ATTEMPTS) {
                return after(retry.get())
                    .thenCompose(ready -> send(request, token, what, attempt + 1));
              }
              return CompletableFuture.completedFuture(decoded(response, what));
            });
  }

  /** Completes once {@code wait} has passed; at once, on this thread, when there is none. */
  private static CompletableFuture<Void> after(Duration wait) {
    return wait.isZero()
        ? CompletableFuture.completedFuture(null)
        : CompletableFuture.runAsync(
            () -> {}, CompletableFuture.delayedExecutor(wait.toNanos(), TimeUnit.NANOSECONDS));
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

  private static JsonNode decoded(HttpResponse<String> response, String what) {
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(
          what + " answered " + response.statusCode() + ": " + response.body());
    }
    try {
      return response.body().isEmpty() ? null : JSON.readTree(response.body());
    } catch (IOException malformed) {
      throw new IllegalStateException(what + " answered malformed JSON", malformed);
    }
  }
}
