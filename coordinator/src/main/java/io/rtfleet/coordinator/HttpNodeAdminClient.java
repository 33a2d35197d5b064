package io.rtfleet.coordinator;

import io.rtfleet.api.admin.AdminCodec;
import io.rtfleet.api.admin.AdminError;
import io.rtfleet.api.admin.AdminPaths;
import io.rtfleet.api.admin.DrainRequest;
import io.rtfleet.api.admin.DrainStatus;
import io.rtfleet.api.admin.GuildOwner;
import io.rtfleet.api.admin.HandoffReport;
import io.rtfleet.api.admin.HandoffRequest;
import io.rtfleet.api.admin.HeapReading;
import io.rtfleet.api.admin.NodeState;
import io.rtfleet.api.admin.PlacementAccepted;
import io.rtfleet.api.admin.PlacementChange;
import io.rtfleet.api.admin.PlacementDocument;
import io.rtfleet.api.admin.ReconnectAnswer;
import io.rtfleet.api.admin.ReconnectRequest;
import io.rtfleet.api.admin.TokenGrant;
import io.rtfleet.api.admin.TokenRequest;
import io.rtfleet.api.admin.WritePauses;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** {@link NodeAdminClient} over HTTP, with the admin bearer token. */
public final class HttpNodeAdminClient implements NodeAdminClient {
  /** A handoff waits for a batch of guilds to move; anything else is quick. */
  private static final Duration HANDOFF_TIMEOUT = Duration.ofSeconds(60);

  private final String nodeId;
  private final String baseUrl;
  private final String token;
  private final HttpClient http;
  private final Duration timeout;

  /**
   * @param baseUrl the node's admin URL, e.g. {@code http://10.0.0.7:8081}
   * @param http shared by the clients of a fleet
   * @param timeout how long a call other than a handoff may take
   */
  public HttpNodeAdminClient(
      String nodeId, String baseUrl, String token, HttpClient http, Duration timeout) {
    this.nodeId = nodeId;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.token = token;
    this.http = http;
    this.timeout = timeout;
  }

  /** An HTTP client fit for admin calls: HTTP/1.1, a short connect timeout. */
  public static HttpClient newHttpClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(3))
        .build();
  }

  @Override
  public String nodeId() {
    return nodeId;
  }

  public String baseUrl() {
    return baseUrl;
  }

  @Override
  public CompletableFuture<Boolean> alive() {
    return http.sendAsync(
            request("GET", AdminPaths.HEALTH, null, timeout).build(),
            HttpResponse.BodyHandlers.discarding())
        .handle((response, failure) -> failure == null && response.statusCode() == 200);
  }

  @Override
  public CompletableFuture<NodeState> state() {
    return call("GET", AdminPaths.STATE, null, NodeState.class, false);
  }

  @Override
  public CompletableFuture<Optional<PlacementDocument>> placement() {
    return call("GET", AdminPaths.PLACEMENT, null, PlacementDocument.class, false)
        .thenApply(Optional::of)
        .exceptionally(
            failure -> {
              AdminFailure classified = AdminFailure.of(nodeId, failure);
              if (classified.status() == 404) {
                return Optional.empty();
              }
              throw classified;
            });
  }

  @Override
  public CompletableFuture<PlacementAccepted> pushPlacement(PlacementDocument placement) {
    return call("PUT", AdminPaths.PLACEMENT, placement, PlacementAccepted.class, false);
  }

  @Override
  public CompletableFuture<PlacementAccepted> changePlacement(PlacementChange change) {
    return call("PATCH", AdminPaths.PLACEMENT, change, PlacementAccepted.class, false);
  }

  @Override
  public CompletableFuture<GuildOwner> ownerOf(String guildId) {
    return call("GET", AdminPaths.OWNER + guildId, null, GuildOwner.class, false);
  }

  @Override
  public CompletableFuture<HandoffReport> handOff(HandoffRequest request) {
    return send("POST", AdminPaths.HANDOFF, request, HANDOFF_TIMEOUT, HandoffReport.class, true);
  }

  @Override
  public CompletableFuture<WritePauses> takeWritePauses() {
    return call("GET", AdminPaths.WRITE_PAUSES, null, WritePauses.class, false);
  }

  @Override
  public CompletableFuture<DrainStatus> startDrain(DrainRequest request) {
    return call("POST", AdminPaths.DRAIN, request, DrainStatus.class, false);
  }

  @Override
  public CompletableFuture<DrainStatus> drainStatus() {
    return call("GET", AdminPaths.DRAIN, null, DrainStatus.class, false);
  }

  @Override
  public CompletableFuture<DrainStatus> cancelDrain() {
    return call("DELETE", AdminPaths.DRAIN, null, DrainStatus.class, false);
  }

  @Override
  public CompletableFuture<NodeState> cordon() {
    return call("POST", AdminPaths.CORDON, null, NodeState.class, false);
  }

  @Override
  public CompletableFuture<NodeState> uncordon() {
    return call("DELETE", AdminPaths.CORDON, null, NodeState.class, false);
  }

  @Override
  public CompletableFuture<ReconnectAnswer> reconnect(ReconnectRequest request) {
    return call("POST", AdminPaths.RECONNECT, request, ReconnectAnswer.class, false);
  }

  @Override
  public CompletableFuture<TokenGrant> mintToken(TokenRequest request) {
    return call("POST", AdminPaths.TOKENS, request, TokenGrant.class, false);
  }

  @Override
  public CompletableFuture<HeapReading> collectGarbage() {
    return call("POST", AdminPaths.GC, null, HeapReading.class, false);
  }

  private <T> CompletableFuture<T> call(
      String method, String path, Object body, Class<T> answer, boolean handoff) {
    return send(method, path, body, timeout, answer, handoff);
  }

  private HttpRequest.Builder request(String method, String path, Object body, Duration limit) {
    return HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(limit)
        .header("Authorization", "Bearer " + token)
        .header(AdminPaths.VERSION_HEADER, Integer.toString(AdminPaths.VERSION))
        .header("Content-Type", "application/json")
        .method(
            method,
            body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(AdminCodec.write(body)));
  }

  /**
   * Sends one call. A node that cannot be connected to is {@code UNREACHABLE}; one that was
   * connected to and gave no answer is {@code OUTCOME_UNKNOWN}; a handoff the node answers with 5xx
   * is {@code OUTCOME_UNKNOWN} too, since the giver cannot tell whether the receiver took it.
   */
  private <T> CompletableFuture<T> send(
      String method, String path, Object body, Duration limit, Class<T> answer, boolean handoff) {
    String what = method + " " + path;
    return http.sendAsync(
            request(method, path, body, limit).build(), HttpResponse.BodyHandlers.ofByteArray())
        .handle(
            (response, failure) -> {
              if (failure != null) {
                throw unanswered(what, failure);
              }
              int status = response.statusCode();
              if (status >= 200 && status < 300) {
                return AdminCodec.read(response.body(), answer);
              }
              throw refused(what, status, response.body(), handoff);
            });
  }

  private AdminFailure unanswered(String what, Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof ConnectException
        || cause instanceof HttpConnectTimeoutException
        || cause instanceof UnresolvedAddressException) {
      return AdminFailure.unreachable(nodeId, what + ": " + cause);
    }
    String why = cause instanceof IOException ? cause.toString() : String.valueOf(cause);
    return new AdminFailure(
        nodeId, AdminFailure.Kind.OUTCOME_UNKNOWN, 0, -1, what + " got no answer: " + why);
  }

  private AdminFailure refused(String what, int status, byte[] body, boolean handoff) {
    AdminError error;
    try {
      error = AdminCodec.read(body, AdminError.class);
    } catch (IllegalArgumentException notAnError) {
      error = null;
    }
    String message =
        what
            + " answered "
            + status
            + (error == null || error.message() == null ? "" : ": " + error.message());
    if (status == 409) {
      long epoch = error == null || error.epoch() == null ? -1 : error.epoch();
      return new AdminFailure(nodeId, AdminFailure.Kind.STALE_EPOCH, status, epoch, message);
    }
    if (status >= 500) {
      return new AdminFailure(
          nodeId,
          handoff ? AdminFailure.Kind.OUTCOME_UNKNOWN : AdminFailure.Kind.NODE_ERROR,
          status,
          -1,
          message);
    }
    return new AdminFailure(nodeId, AdminFailure.Kind.REFUSED, status, -1, message);
  }
}
