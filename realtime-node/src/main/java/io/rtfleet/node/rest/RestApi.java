package io.rtfleet.node.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rtfleet.api.snowflake.Snowflake;
import io.rtfleet.node.auth.TokenClaims;
import io.rtfleet.node.auth.TokenCodec;
import io.rtfleet.node.config.NodeConfig;
import io.rtfleet.node.discord.ApiError;
import io.rtfleet.node.discord.ApiException;
import io.rtfleet.node.discord.DiscordJson;
import io.rtfleet.node.fleet.Fleet;
import io.rtfleet.node.http.JsonBodies;
import io.rtfleet.node.http.RestResponse;
import io.rtfleet.node.lanes.Directory;
import io.rtfleet.node.lanes.WriteGates;
import io.rtfleet.node.limit.KeyedLimiter;
import io.rtfleet.node.model.InviteCodes;
import io.rtfleet.node.model.User;
import io.rtfleet.node.operations.GuildEngine;
import io.rtfleet.node.operations.Invites;
import io.rtfleet.node.operations.MessageEngine;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Discord-compatible REST subset under {@code /api/v10}: routing, authentication, the per-user
 * rate limit and body parsing. The guild engine does the work; every refusal becomes Discord's JSON
 * error.
 */
public final class RestApi {
  private static final String PREFIX = "/api/v10/";
  private static final long EPOCH_WAIT_SECONDS = 5;

  private final NodeConfig config;
  private final TokenCodec tokens;
  private final Directory directory;
  private final GuildEngine engine;
  private final MessageEngine messages;
  private final Invites invites;
  private final KeyedLimiter limiter;
  private final Fleet fleet;
  private final RestForwarder forwarder;
  private final WriteGates gates;
  private final Clock clock;

  /**
   * A request another node sent on to this one, the guild's owner by the sender's table, and the
   * wall-clock time after which the sender has stopped waiting for it.
   */
  private record Forwarded(long epoch, long presetGuildId, long deadlineMillis) {}

  public RestApi(
      NodeConfig config,
      TokenCodec tokens,
      Directory directory,
      GuildEngine engine,
      MessageEngine messages,
      Invites invites,
      KeyedLimiter limiter,
      Fleet fleet,
      RestForwarder forwarder,
      WriteGates gates,
      Clock clock) {
    this.config = config;
    this.tokens = tokens;
    this.directory = directory;
    this.engine = engine;
    this.messages = messages;
    this.invites = invites;
    this.limiter = limiter;
    this.fleet = fleet;
    this.forwarder = forwarder;
    this.gates = gates;
    this.clock = clock;
  }

  public static boolean handles(String path) {
    return path.startsWith("/api/");
  }

  /** Answers one request; never fails, every failure is an error response. */
  public CompletableFuture<RestResponse> handle(
      String method,
      String path,
      Map<String, List<String>> query,
      String authorization,
      byte[] body) {
    return answer(method, path, query, authorization, body, null);
  }

  /**
   * Answers a request a peer sent on because this node owns its guild by the peer's table. It is
   * refused with 503 when this node does not own the guild by its own table, or its table is older
   * than the peer's (it may have lost the guild without knowing yet), and when its deadline has
   * passed before it is served (the peer has told its client it failed); it is never sent on again.
   */
  public CompletableFuture<RestResponse> handleForwarded(
      String method,
      String path,
      Map<String, List<String>> query,
      String authorization,
      byte[] body,
      long epoch,
      long presetGuildId,
      long deadlineMillis) {
    return answer(
        method,
        path,
        query,
        authorization,
        body,
        new Forwarded(epoch, presetGuildId, deadlineMillis));
  }

  private CompletableFuture<RestResponse> answer(
      String method,
      String path,
      Map<String, List<String>> query,
      String authorization,
      byte[] body,
      Forwarded forwarded) {
    try {
      return route(method, path, query, authorization, body, forwarded)
          .exceptionally(failure -> failed(ApiException.unwrap(failure)));
    } catch (RuntimeException failure) {
      return CompletableFuture.completedFuture(failed(failure));
    }
  }

  private static RestResponse failed(Throwable failure) {
    if (failure instanceof ApiException refused) {
      return RestResponse.error(refused);
    }
    return RestResponse.error(ApiError.UNAVAILABLE);
  }

  private CompletableFuture<RestResponse> route(
      String method,
      String path,
      Map<String, List<String>> query,
      String authorization,
      byte[] body,
      Forwarded forwarded) {
    if (!path.startsWith(PREFIX)) {
      throw new ApiException(ApiError.NOT_FOUND);
    }
    String[] parts = path.substring(PREFIX.length()).split("/", -1);
    if (match(parts, "gateway")) {
      requireMethod(method, "GET");
      return done(
          RestResponse.ok(DiscordJson.MAPPER.createObjectNode().put("url", config.gatewayUrl())));
    }
    User user = authenticate(authorization);
    if (forwarded != null) {
      // Counted, and its headers written, by the node the client called.
      return admitted(method, path, parts, query, authorization, body, forwarded, user);
    }
    KeyedLimiter.Budget budget = limiter.take(user.id());
    Map<String, String> headers = RateLimitHeaders.of(budget, clock.millis());
    if (!budget.allowed()) {
      return done(RestResponse.rateLimited(budget.retryAfterNanos()).withHeaders(headers));
    }
    CompletableFuture<RestResponse> answer;
    try {
      answer =
          admitted(method, path, parts, query, authorization, body, null, user)
              .exceptionally(failure -> failed(ApiException.unwrap(failure)));
    } catch (RuntimeException refused) {
      answer = done(failed(refused));
    }
    // Refusals too: a client paces itself by every answer.
    return answer.thenApply(response -> response.withHeaders(headers));
  }

  private CompletableFuture<RestResponse> admitted(
      String method,
      String path,
      String[] parts,
      Map<String, List<String>> query,
      String authorization,
      byte[] body,
      Forwarded forwarded,
      User user) {
    long newGuildId = 0;
    if (match(parts, "guilds") && method.equals("POST")) {
      newGuildId =
          forwarded != null && forwarded.presetGuildId() != 0
              ? forwarded.presetGuildId()
              : engine.newGuildId();
    }
    return toOwner(
        new Admitted(method, path, parts, query, authorization, body, forwarded, user, newGuildId));
  }

  /**
   * A request past authentication and the rate limit. It may wait (for this node's table, or at a
   * guild's write gate) and is then routed again from here, never admitted twice.
   */
  private record Admitted(
      String method,
      String path,
      String[] parts,
      Map<String, List<String>> query,
      String authorization,
      byte[] body,
      Forwarded forwarded,
      User user,
      long newGuildId) {}

  /** Serves the request here if this node owns its guild, else sends it on to the owner. */
  private CompletableFuture<RestResponse> toOwner(Admitted request) {
    Forwarded forwarded = request.forwarded();
    if (forwarded != null && clock.millis() > forwarded.deadlineMillis()) {
      // Checked each time the request is routed, after any wait: its sender no longer waits.
      throw new ApiException(ApiError.UNAVAILABLE);
    }
    if (forwarded != null && forwarded.epoch() > fleet.epoch()) {
      // The sender's table is newer: route by it once this node has it too.
      return fleet
          .awaitEpoch(forwarded.epoch())
          .orTimeout(EPOCH_WAIT_SECONDS, TimeUnit.SECONDS)
          .thenCompose(caught -> toOwner(request));
    }
    long target = request.newGuildId() != 0 ? request.newGuildId() : guildOf(request.parts());
    if (target != 0 && !fleet.owns(target)) {
      // A peer with an older table may send a request on once more; never one with the same or a
      // newer table, so a request hops at most once per epoch and cannot loop.
      if (forwarded != null && forwarded.epoch() >= fleet.epoch()) {
        throw new ApiException(ApiError.UNAVAILABLE);
      }
      return forwarder.forward(
          fleet.ownerOf(target),
          request.method(),
          request.path(),
          request.query(),
          request.authorization(),
          request.body(),
          request.newGuildId());
    }
    if (target == 0) {
      return serve(request);
    }
    gates.begin(target);
    CompletableFuture<Void> gate = gates.gate(target);
    if (gate != null) {
      gates.end(target);
      return gate.thenCompose(open -> toOwner(request));
    }
    try {
      return serve(request).whenComplete((response, failure) -> gates.end(target));
    } catch (RuntimeException refused) {
      gates.end(target);
      throw refused;
    }
  }

  private CompletableFuture<RestResponse> serve(Admitted request) {
    String method = request.method();
    String[] parts = request.parts();
    Map<String, List<String>> query = request.query();
    byte[] body = request.body();
    User user = request.user();
    long newGuildId = request.newGuildId();
    long userId = user.id();
    if (match(parts, "gateway", "bot")) {
      requireMethod(method, "GET");
      return done(RestResponse.ok(gatewayBot()));
    }
    if (match(parts, "users", "@me")) {
      requireMethod(method, "GET");
      return done(RestResponse.ok(DiscordJson.user(user)));
    }
    if (match(parts, "users", "@me", "guilds", "*")) {
      requireMethod(method, "DELETE");
      return noContent(engine.removeMember(userId, id(parts[3], ApiError.UNKNOWN_GUILD), userId));
    }
    if (match(parts, "guilds")) {
      requireMethod(method, "POST");
      return created(engine.createGuild(userId, text(JsonBodies.object(body), "name"), newGuildId));
    }
    if (match(parts, "guilds", "*")) {
      requireMethod(method, "GET");
      return ok(engine.getGuild(userId, id(parts[1], ApiError.UNKNOWN_GUILD)));
    }
    if (match(parts, "guilds", "*", "channels")) {
      long guildId = id(parts[1], ApiError.UNKNOWN_GUILD);
      if (method.equals("GET")) {
        return ok(engine.getChannels(userId, guildId));
      }
      requireMethod(method, "POST");
      JsonNode channel = JsonBodies.object(body);
      return created(
          engine.createChannel(
              userId,
              guildId,
              text(channel, "name"),
              channel.path("type").asInt(0),
              channel.path("topic").isTextual() ? channel.get("topic").asText() : null));
    }
    if (match(parts, "guilds", "*", "members")) {
      requireMethod(method, "GET");
      int limit = intParam(query, "limit", 1, 1, 1000);
      long after = longParam(query, "after");
      return ok(engine.listMembers(userId, id(parts[1], ApiError.UNKNOWN_GUILD), limit, after));
    }
    if (match(parts, "guilds", "*", "members", "*")) {
      long guildId = id(parts[1], ApiError.UNKNOWN_GUILD);
      long memberId = parts[3].equals("@me") ? userId : id(parts[3], ApiError.UNKNOWN_USER);
      switch (method) {
        case "GET":
          return ok(engine.getMember(userId, guildId, memberId));
        case "PUT":
          return engine
              .addMember(userId, guildId, memberId)
              .thenApply(
                  member ->
                      member == null ? RestResponse.noContent() : RestResponse.created(member));
        case "DELETE":
          return noContent(engine.removeMember(userId, guildId, memberId));
        default:
          throw new ApiException(ApiError.METHOD_NOT_ALLOWED);
      }
    }
    if (match(parts, "channels", "*")) {
      requireMethod(method, "GET");
      return ok(engine.getChannel(userId, id(parts[1], ApiError.UNKNOWN_CHANNEL)));
    }
    if (match(parts, "channels", "*", "invites")) {
      long channelId = id(parts[1], ApiError.UNKNOWN_CHANNEL);
      if (method.equals("GET")) {
        return ok(invites.listOfChannel(userId, channelId));
      }
      requireMethod(method, "POST");
      JsonNode invite = JsonBodies.object(body);
      return ok(
          invites.create(
              userId,
              channelId,
              new Invites.Request(
                  optionalInt(invite, "max_age"),
                  optionalInt(invite, "max_uses"),
                  invite.path("temporary").asBoolean(false))));
    }
    if (match(parts, "guilds", "*", "invites")) {
      requireMethod(method, "GET");
      return ok(invites.listOfGuild(userId, id(parts[1], ApiError.UNKNOWN_GUILD)));
    }
    if (match(parts, "invites", "*")) {
      switch (method) {
        case "GET":
          return ok(invites.get(parts[1], "true".equals(firstParam(query, "with_counts"))));
        case "POST":
          return ok(invites.accept(userId, parts[1]));
        case "DELETE":
          return ok(invites.delete(userId, parts[1]));
        default:
          throw new ApiException(ApiError.METHOD_NOT_ALLOWED);
      }
    }
    if (match(parts, "channels", "*", "typing")) {
      requireMethod(method, "POST");
      return noContent(messages.typing(userId, id(parts[1], ApiError.UNKNOWN_CHANNEL)));
    }
    if (match(parts, "channels", "*", "messages")) {
      long channelId = id(parts[1], ApiError.UNKNOWN_CHANNEL);
      if (method.equals("GET")) {
        int limit = intParam(query, "limit", 50, 1, 100);
        return ok(
            messages.listMessages(
                userId, channelId, limit, longParam(query, "before"), longParam(query, "after")));
      }
      requireMethod(method, "POST");
      JsonNode post = JsonBodies.object(body);
      return ok(
          messages.createMessage(
              userId,
              channelId,
              content(post),
              nonce(post),
              post.path("enforce_nonce").asBoolean(false)));
    }
    if (match(parts, "channels", "*", "messages", "*")) {
      long channelId = id(parts[1], ApiError.UNKNOWN_CHANNEL);
      long messageId = id(parts[3], ApiError.UNKNOWN_MESSAGE);
      switch (method) {
        case "GET":
          return ok(messages.getMessage(userId, channelId, messageId));
        case "PATCH":
          return ok(
              messages.editMessage(userId, channelId, messageId, content(JsonBodies.object(body))));
        case "DELETE":
          return noContent(messages.deleteMessage(userId, channelId, messageId));
        default:
          throw new ApiException(ApiError.METHOD_NOT_ALLOWED);
      }
    }
    throw new ApiException(ApiError.NOT_FOUND);
  }

  /**
   * The guild a request is about, whose owner must answer it: from the path, or the channel's
   * guild; 0 for requests about no guild, or a channel this node has never heard of (answered here,
   * with 404).
   */
  private long guildOf(String[] parts) {
    if (parts.length >= 2 && parts[0].equals("guilds")) {
      return Math.max(0, Snowflake.parse(parts[1]));
    }
    if (parts.length >= 2 && parts[0].equals("channels")) {
      long channelId = Snowflake.parse(parts[1]);
      return channelId < 0 ? 0 : directory.guildOfChannel(channelId);
    }
    if (parts.length == 2 && parts[0].equals("invites")) {
      return InviteCodes.guildOf(parts[1]);
    }
    if (parts.length == 4 && parts[0].equals("users") && parts[2].equals("guilds")) {
      return Math.max(0, Snowflake.parse(parts[3]));
    }
    return 0;
  }

  private ObjectNode gatewayBot() {
    ObjectNode json = DiscordJson.MAPPER.createObjectNode();
    json.put("url", config.gatewayUrl());
    json.put("shards", 1);
    json.putObject("session_start_limit")
        .put("total", 1000)
        .put("remaining", 1000)
        .put("reset_after", 86_400_000)
        .put("max_concurrency", config.maxConcurrency());
    return json;
  }

  /**
   * Bot tokens must come as {@code Bot <token>} and user tokens bare, as Discord requires; any
   * other header, a bad signature or an expired token is 401.
   */
  private User authenticate(String authorization) {
    if (authorization == null) {
      throw new ApiException(ApiError.UNAUTHORIZED);
    }
    boolean botScheme = authorization.startsWith("Bot ");
    String token = botScheme ? authorization.substring(4) : authorization;
    Optional<TokenClaims> claims = tokens.verify(token);
    if (claims.isEmpty() || claims.get().bot() != botScheme) {
      throw new ApiException(ApiError.UNAUTHORIZED);
    }
    User user = directory.user(claims.get().userId());
    if (user == null) {
      throw new ApiException(ApiError.UNAUTHORIZED);
    }
    return user;
  }

  private static boolean match(String[] parts, String... pattern) {
    if (parts.length != pattern.length) {
      return false;
    }
    for (int i = 0; i < parts.length; i++) {
      if (!pattern[i].equals("*") && !pattern[i].equals(parts[i])) {
        return false;
      }
    }
    return true;
  }

  private static void requireMethod(String method, String allowed) {
    if (!method.equals(allowed)) {
      throw new ApiException(ApiError.METHOD_NOT_ALLOWED);
    }
  }

  private static long id(String text, ApiError unknown) {
    long id = Snowflake.parse(text);
    if (id < 0) {
      throw new ApiException(unknown);
    }
    return id;
  }

  private static String text(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      throw ApiException.invalidField(field, "This field is required");
    }
    if (!value.isTextual()) {
      throw ApiException.invalidField(field, "Could not interpret \"" + value + "\" as string.");
    }
    return value.asText();
  }

  private static String content(JsonNode body) {
    JsonNode value = body.get("content");
    if (value != null && !value.isNull() && !value.isTextual()) {
      throw ApiException.invalidField(
          "content", "Could not interpret \"" + value + "\" as string.");
    }
    return value == null || value.isNull() ? null : value.asText();
  }

  private static Integer optionalInt(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw ApiException.invalidField(field, "Value \"" + value + "\" is not int.");
    }
    return value.intValue();
  }

  private static String firstParam(Map<String, List<String>> query, String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** Discord's nonce: an integer or a string of at most 25 characters, kept as text. */
  private static String nonce(JsonNode body) {
    JsonNode value = body.get("nonce");
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.canConvertToExactIntegral() && value.isIntegralNumber()) {
      return value.asText();
    }
    if (value.isTextual() && value.asText().length() <= 25) {
      return value.asText();
    }
    throw ApiException.invalidField(
        "nonce", "Must be an integer or a string of 25 or fewer characters.");
  }

  private static int intParam(
      Map<String, List<String>> query, String name, int fallback, int min, int max) {
    List<String> values = query.get(name);
    if (values == null || values.isEmpty()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(values.get(0));
      if (value < min || value > max) {
        throw ApiException.invalidField(
            name, "Int value should be between " + min + " and " + max + ".");
      }
      return value;
    } catch (NumberFormatException notANumber) {
      throw ApiException.invalidField(name, "Value \"" + values.get(0) + "\" is not int.");
    }
  }

  private static long longParam(Map<String, List<String>> query, String name) {
    List<String> values = query.get(name);
    if (values == null || values.isEmpty()) {
      return 0;
    }
    long value = Snowflake.parse(values.get(0));
    if (value < 0) {
      throw ApiException.invalidField(name, "Value \"" + values.get(0) + "\" is not snowflake.");
    }
    return value;
  }

  private static CompletableFuture<RestResponse> done(RestResponse response) {
    return CompletableFuture.completedFuture(response);
  }

  private static CompletableFuture<RestResponse> ok(CompletableFuture<JsonNode> body) {
    return body.thenApply(RestResponse::ok);
  }

  private static CompletableFuture<RestResponse> created(CompletableFuture<JsonNode> body) {
    return body.thenApply(RestResponse::created);
  }

  private static CompletableFuture<RestResponse> noContent(CompletableFuture<JsonNode> body) {
    return body.thenApply(ignored -> RestResponse.noContent());
  }
}
