package io.rtfleet.node.gateway.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtfleet.api.protocol.CloseCode;

/** The fields of a RESUME (op 6). */
public record Resume(String token, String sessionId, long seq) {
  public static Resume parse(JsonNode d) throws GatewayRefusal {
    if (d == null
        || !d.isObject()
        || !d.path("token").isTextual()
        || !d.path("session_id").isTextual()) {
      throw new GatewayRefusal(CloseCode.DECODE_ERROR, "resume needs token, session_id and seq");
    }
    JsonNode seq = d.get("seq");
    long lastSeq = 0;
    if (seq != null && !seq.isNull()) {
      if (!seq.canConvertToExactIntegral() || !seq.canConvertToLong()) {
        throw new GatewayRefusal(CloseCode.DECODE_ERROR, "resume seq must be an integer");
      }
      lastSeq = seq.longValue();
    }
    return new Resume(d.get("token").asText(), d.get("session_id").asText(), lastSeq);
  }
}
