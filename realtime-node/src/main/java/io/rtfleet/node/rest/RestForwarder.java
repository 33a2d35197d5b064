package io.rtfleet.node.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.QueryStringEncoder;
import io.rtfleet.node.discord.ApiError;
import io.rtfleet.node.discord.ApiException;
import io.rtfleet.node.discord.DiscordJson;
import io.rtfleet.node.fleet.Fleet;
import io.rtfleet.node.fleet.PeerCallFailure;
import io.rtfleet.node.fleet.PeerClient;
import io.rtfleet.node.fleet.PeerMessage.RestReply;
import io.rtfleet.node.fleet.PeerMessage.RestRequest;
import io.rtfleet.node.http.RestResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Sends a REST request for a guild this node does not own to the node that does, over the peer
 * link, and hands back its answer unchanged.
 *
 * <p>The request carries a deadline; the owner refuses it once that has passed, and this node waits
 * a little longer than the deadline (the two clocks may differ by that much) for an answer. Without
 * one, the client is told what is known: 503 ("not carried out, retry") when the request never left
 * this node, 504 ("outcome unknown") when it did, since the owner may have carried it out and only
 * the answer was lost. A message post retried with the same {@code nonce} and {@code enforce_nonce}
 * is then carried out once whatever happened.
 */
public final class RestForwarder {
  /** How much the owner's clock may run behind or ahead of this node's. */
  static final Duration CLOCK_SKEW = Duration.ofSeconds(1);

  private final Fleet fleet;
  private final Duration timeout;
  private final Clock clock;

  public RestForwarder(Fleet fleet, Duration timeout, Clock clock) {
    this.fleet = fleet;
    this.timeout = timeout;
    this.clock = clock;
  }

  CompletableFuture<RestResponse> forward(
      String owner,
      String method,
      String path,
      Map<String, List<String>> query,
      String authorization,
      byte[] body,
      long presetGuildId) {
    PeerClient peer = fleet.peer(owner);
    if (peer == null) {
      return CompletableFuture.completedFuture(RestResponse.error(ApiError.UNAVAILABLE));
    }
    long deadline = clock.millis() + timeout.toMillis();
    return peer.call(
            id ->
                new RestRequest(
                    id,
                    fleet.epoch(),
                    method,
                    path,
                    encodeQuery(query),
                    authorization,
                    body,
                    presetGuildId,
                    deadline),
            timeout.plus(CLOCK_SKEW))
        .thenApply(reply -> toResponse((RestReply) reply))
        .exceptionally(RestForwarder::unanswered);
  }

  private static RestResponse unanswered(Throwable failure) {
    Throwable cause = ApiException.unwrap(failure);
    boolean mayHaveHappened = !(cause instanceof PeerCallFailure lost) || lost.sent();
    return RestResponse.error(mayHaveHappened ? ApiError.OUTCOME_UNKNOWN : ApiError.UNAVAILABLE);
  }

  /** The owner's side: the answer to send back for a forwarded request. */
  public static RestReply toReply(long id, RestResponse response) {
    byte[] body = response.body() == null ? null : DiscordJson.bytes(response.body());
    return new RestReply(id, response.status(), response.headers(), body);
  }

  private static RestResponse toResponse(RestReply reply) {
    try {
      JsonNode body = reply.body() == null ? null : DiscordJson.MAPPER.readTree(reply.body());
      return new RestResponse(reply.status(), body, Map.copyOf(reply.headers()));
    } catch (IOException garbled) {
      return RestResponse.error(ApiError.UNAVAILABLE);
    }
  }

  static String encodeQuery(Map<String, List<String>> query) {
    QueryStringEncoder encoder = new QueryStringEncoder("");
    query.forEach((name, values) -> values.forEach(value -> encoder.addParam(name, value)));
    String encoded = encoder.toString();
    return encoded.startsWith("?") ? encoded.substring(1) : encoded;
  }

  public static Map<String, List<String>> decodeQuery(String query) {
    if (query == null || query.isEmpty()) {
      return Map.of();
    }
    return new QueryStringDecoder(query, false).parameters();
  }
}
