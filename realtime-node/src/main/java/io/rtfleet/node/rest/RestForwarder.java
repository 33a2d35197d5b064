package io.rtfleet.node.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.QueryStringEncoder;
import io.rtfleet.node.fleet.Fleet;
import io.rtfleet.node.fleet.PeerClient;
import io.rtfleet.node.fleet.PeerMessage.RestReply;
import io.rtfleet.node.fleet.PeerMessage.RestRequest;
import io.rtfleet.node.guild.ApiError;
import io.rtfleet.node.guild.DiscordJson;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Sends a REST request for a guild this node does not own to the node that does, over the peer
 * link, and hands back its answer unchanged. When the owner cannot be reached the client gets 503
 * and may retry, as with any Discord 5xx.
 */
public final class RestForwarder {
  private final Fleet fleet;

  public RestForwarder(Fleet fleet) {
    this.fleet = fleet;
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
                    presetGuildId))
        .thenApply(reply -> toResponse((RestReply) reply))
        .exceptionally(failure -> RestResponse.error(ApiError.UNAVAILABLE));
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
