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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Connection;
import okhttp3.Dispatcher;
import okhttp3.EventListener;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSink;

/**
 * {@link NodeAdminClient} over HTTP, with the admin bearer token.
 *
 * <p>OkHttp rather than the JDK's client: an OkHttp call runs from connect to decoded answer on one
 * dispatcher thread, where the JDK's asynchronous client hands each call between its selector and
 * executor threads several times. On two cores shared with a reconnect storm every hand-off waits
 * for a core, and a failover's placement push took 110-210 ms to reach the survivors that way (40
 * ms with blocking calls).
 */
public final class HttpNodeAdminClient implements NodeAdminClient {
  /** A handoff waits for a batch of guilds to move; anything else is quick. */
  private static final Duration HANDOFF_TIMEOUT = Duration.ofSeconds(60);

  private static final MediaType JSON = MediaType.get("application/json");

  private final String nodeId;
  private final String baseUrl;
  private final String token;
  private final OkHttpClient http;
  private final Duration timeout;
  private final Duration readTimeout;

  /**
   * @param baseUrl the node's admin URL, e.g. {@code http://10.0.0.7:8081}
   * @param http shared by the clients of a fleet
   * @param timeout how long a call other than a handoff may take
   */
  public HttpNodeAdminClient(
      String nodeId, String baseUrl, String token, OkHttpClient http, Duration timeout) {
    this(nodeId, baseUrl, token, http, timeout, timeout);
  }

  /**
   * As the other constructor, with reads (the node's state, placement, health, metrics) given
   * {@code readTimeout} instead: a node that does not answer a read in that time is taken as not
   * answering now, which an operator that observes every node at every pass should learn fast.
   */
  public HttpNodeAdminClient(
      String nodeId,
      String baseUrl,
      String token,
      OkHttpClient http,
      Duration timeout,
      Duration readTimeout) {
    this.nodeId = nodeId;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.token = token;
    this.http = http;
    this.timeout = timeout;
    this.readTimeout = readTimeout;
  }

  /**
   * An HTTP client fit for admin calls: a short connect timeout, and no cap on the calls to one
   * host (OkHttp's default of 5 counts every node of a fleet on one machine as one host). Its
   * threads are daemons, so that a command line tool exits when its work is done.
   */
  public static OkHttpClient newHttpClient() {
    AtomicInteger threads = new AtomicInteger();
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            60,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            task -> {
              Thread thread = new Thread(task, "node-admin-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    Dispatcher dispatcher = new Dispatcher(executor);
    dispatcher.setMaxRequests(1024);
    dispatcher.setMaxRequestsPerHost(1024);
    return new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        .connectTimeout(Duration.ofSeconds(3))
        .readTimeout(Duration.ZERO)
        .writeTimeout(Duration.ZERO)
        .eventListenerFactory(HttpNodeAdminClient::listenerOf)
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
    return exchange(request("GET", AdminPaths.HEALTH, null, false), readTimeout)
        .handle((answer, failure) -> failure == null && answer.status() == 200);
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
    return send(
        "POST",
        AdminPaths.HANDOFF,
        request,
        HANDOFF_TIMEOUT,
        json -> AdminCodec.read(json, HandoffReport.class),
        true);
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

  @Override
  public CompletableFuture<String> metrics() {
    return send(
        "GET",
        AdminPaths.METRICS,
        null,
        readTimeout,
        text -> new String(text, StandardCharsets.UTF_8),
        false);
  }

  private <T> CompletableFuture<T> call(
      String method, String path, Object body, Class<T> answer, boolean handoff) {
    return send(
        method,
        path,
        body,
        method.equals("GET") ? readTimeout : timeout,
        json -> AdminCodec.read(json, answer),
        handoff);
  }

  private Request request(String method, String path, Object body, boolean oneShot) {
    return new Request.Builder()
        .url(baseUrl + path)
        .header("Authorization", "Bearer " + token)
        .header(AdminPaths.VERSION_HEADER, Integer.toString(AdminPaths.VERSION))
        .method(method, requestBody(method, body, oneShot))
        .build();
  }

  private static RequestBody requestBody(String method, Object body, boolean oneShot) {
    if (body == null && (method.equals("GET") || method.equals("DELETE"))) {
      return null;
    }
    byte[] bytes = body == null ? new byte[0] : AdminCodec.write(body);
    return new RequestBody() {
      @Override
      public MediaType contentType() {
        return JSON;
      }

      @Override
      public long contentLength() {
        return bytes.length;
      }

      @Override
      public boolean isOneShot() {
        return oneShot;
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        sink.write(bytes);
      }
    };
  }

  private record Answer(int status, byte[] body) {}

  private static EventListener listenerOf(Call call) {
    Reached reached = call.request().tag(Reached.class);
    return reached == null ? EventListener.NONE : reached;
  }

  /**
   * Runs one call to its answer. The answer's body is read on the dispatcher thread, so that the
   * caller's continuation gets bytes and never blocks on the socket.
   */
  private CompletableFuture<Answer> exchange(Request request, Duration limit) {
    CompletableFuture<Answer> answer = new CompletableFuture<>();
    Reached reached = new Reached();
    Call call = http.newCall(request.newBuilder().tag(Reached.class, reached).build());
    call.timeout().timeout(limit.toMillis(), TimeUnit.MILLISECONDS);
    call.enqueue(
        new Callback() {
          @Override
          public void onFailure(Call failed, IOException failure) {
            answer.completeExceptionally(new CallFailure(reached.connected, failure));
          }

          @Override
          public void onResponse(Call done, Response response) {
            try (ResponseBody body = response.body()) {
              answer.complete(
                  new Answer(response.code(), body == null ? new byte[0] : body.bytes()));
            } catch (IOException failure) {
              answer.completeExceptionally(new CallFailure(true, failure));
            }
          }
        });
    return answer;
  }

  /**
   * Sends one call. A node that cannot be connected to is {@code UNREACHABLE}; one that was
   * connected to and gave no answer is {@code OUTCOME_UNKNOWN}; a handoff the node answers with 5xx
   * is {@code OUTCOME_UNKNOWN} too, since the giver cannot tell whether the receiver took it. A
   * handoff's body is one-shot, so that OkHttp never sends it again on a new connection by itself.
   */
  private <T> CompletableFuture<T> send(
      String method,
      String path,
      Object body,
      Duration limit,
      Function<byte[], T> decode,
      boolean handoff) {
    String what = method + " " + path;
    return exchange(request(method, path, body, handoff), limit)
        .handle(
            (response, failure) -> {
              if (failure != null) {
                throw unanswered(what, failure);
              }
              int status = response.status();
              if (status >= 200 && status < 300) {
                return decoded(what, status, response.body(), decode);
              }
              throw refused(what, status, response.body(), handoff);
            });
  }

  /**
   * The answer decoded; a body that is not the contract's JSON (a node of another release, or
   * something that is not a node at all behind the URL) is the node's error, never a crash.
   */
  private <T> T decoded(String what, int status, byte[] body, Function<byte[], T> decode) {
    try {
      return decode.apply(body);
    } catch (IllegalArgumentException malformed) {
      throw new AdminFailure(
          nodeId,
          AdminFailure.Kind.NODE_ERROR,
          status,
          -1,
          what
              + " answered "
              + status
              + " with what is not the admin API's JSON: "
              + malformed.getMessage(),
          malformed);
    }
  }

  private AdminFailure unanswered(String what, Throwable failure) {
    Throwable cause = failure;
    while (!(cause instanceof CallFailure) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof CallFailure call && !call.connected) {
      return AdminFailure.unreachable(nodeId, what + ": " + call.getCause());
    }
    Throwable why = cause instanceof CallFailure ? cause.getCause() : cause;
    return new AdminFailure(
        nodeId, AdminFailure.Kind.OUTCOME_UNKNOWN, 0, -1, what + " got no answer: " + why, why);
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

  /** A call that failed, and whether it ever had a connection to the node. */
  private static final class CallFailure extends IOException {
    private final boolean connected;

    CallFailure(boolean connected, IOException cause) {
      super(cause);
      this.connected = connected;
    }
  }

  /**
   * Tells whether a call ever held a connection to the node: one that failed without is {@code
   * UNREACHABLE} (nothing reached the node), one that failed after may have changed it.
   */
  private static final class Reached extends EventListener {
    private volatile boolean connected;

    @Override
    public void connectionAcquired(Call call, Connection connection) {
      connected = true;
    }
  }
}
