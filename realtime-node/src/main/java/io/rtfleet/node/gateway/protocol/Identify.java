package io.rtfleet.node.gateway.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtfleet.api.protocol.CloseCode;
import io.rtfleet.api.protocol.Intent;

/**
 * The fields of an IDENTIFY (op 2) the gateway uses, checked as Discord checks them: intents must
 * be known bits (4013), a shard must be {@code [id, count]} with {@code 0 <= id < count} (4010),
 * large_threshold is clamped to 50..250.
 */
public record Identify(
    String token, int intents, int shardId, int shardCount, int largeThreshold, String status) {

  public static Identify parse(JsonNode d) throws GatewayRefusal {
    if (d == null || !d.isObject()) {
      throw new GatewayRefusal(CloseCode.DECODE_ERROR, "identify data must be an object");
    }
    JsonNode token = d.get("token");
    if (token == null || !token.isTextual()) {
      throw new GatewayRefusal(CloseCode.AUTHENTICATION_FAILED, "identify has no token");
    }
    JsonNode intents = d.get("intents");
    if (intents == null || !intents.canConvertToExactIntegral() || !intents.canConvertToLong()) {
      throw new GatewayRefusal(CloseCode.INVALID_INTENTS, "identify has no integer intents");
    }
    long intentBits = intents.longValue();
    if (intentBits < 0 || (intentBits & ~(long) Intent.ALL) != 0) {
      throw new GatewayRefusal(CloseCode.INVALID_INTENTS, "unknown intent bits: " + intentBits);
    }
    int shardId = 0;
    int shardCount = 1;
    JsonNode shard = d.get("shard");
    if (shard != null && !shard.isNull()) {
      if (!shard.isArray()
          || shard.size() != 2
          || !shard.get(0).canConvertToInt()
          || !shard.get(1).canConvertToInt()
          || !shard.get(0).isIntegralNumber()
          || !shard.get(1).isIntegralNumber()) {
        throw new GatewayRefusal(CloseCode.INVALID_SHARD, "shard must be [shard_id, num_shards]");
      }
      shardId = shard.get(0).intValue();
      shardCount = shard.get(1).intValue();
      if (shardCount < 1 || shardId < 0 || shardId >= shardCount) {
        throw new GatewayRefusal(CloseCode.INVALID_SHARD, "shard " + shardId + " of " + shardCount);
      }
    }
    int largeThreshold = 50;
    JsonNode large = d.get("large_threshold");
    if (large != null && large.canConvertToInt()) {
      largeThreshold = Math.max(50, Math.min(250, large.intValue()));
    }
    String status = "online";
    JsonNode presence = d.get("presence");
    if (presence != null && presence.path("status").isTextual()) {
      status = PresenceStatus.parse(presence.get("status").asText());
    }
    return new Identify(
        token.asText(), (int) intentBits, shardId, shardCount, largeThreshold, status);
  }
}
