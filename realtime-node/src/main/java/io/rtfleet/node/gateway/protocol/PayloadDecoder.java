package io.rtfleet.node.gateway.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.rtfleet.api.protocol.CloseCode;
import io.rtfleet.node.json.StrictJson;
import java.io.IOException;

/**
 * Decodes one client payload from the bytes of a WebSocket message. Anything that is not a JSON
 * object with an integer {@code op}, or is larger than the limit, is a decode error (4002).
 */
public final class PayloadDecoder {
  private final int maxBytes;

  public PayloadDecoder(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  public ClientPayload decode(byte[] bytes) throws GatewayRefusal {
    if (bytes.length > maxBytes) {
      throw new GatewayRefusal(
          CloseCode.DECODE_ERROR, "payload larger than " + maxBytes + " bytes");
    }
    JsonNode root;
    try {
      root = StrictJson.MAPPER.readTree(bytes);
    } catch (IOException | RuntimeException malformed) {
      throw new GatewayRefusal(CloseCode.DECODE_ERROR, "payload is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw new GatewayRefusal(CloseCode.DECODE_ERROR, "payload is not a JSON object");
    }
    JsonNode op = root.get("op");
    if (op == null || !op.canConvertToExactIntegral() || !op.canConvertToInt()) {
      throw new GatewayRefusal(CloseCode.DECODE_ERROR, "payload has no integer op");
    }
    JsonNode d = root.get("d");
    return new ClientPayload(op.intValue(), d == null ? NullNode.getInstance() : d);
  }
}
