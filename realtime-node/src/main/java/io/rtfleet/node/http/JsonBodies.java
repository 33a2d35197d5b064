package io.rtfleet.node.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.rtfleet.node.guild.ApiError;
import io.rtfleet.node.guild.ApiException;
import io.rtfleet.node.guild.DiscordJson;
import java.io.IOException;

/** Request bodies of the REST and admin APIs: empty, or one JSON object. */
public final class JsonBodies {
  private JsonBodies() {}

  /** The body's object; a JSON null node when empty; Discord's 50109 for anything else. */
  public static JsonNode object(byte[] body) {
    if (body == null || body.length == 0) {
      return NullNode.getInstance();
    }
    try {
      JsonNode parsed = DiscordJson.MAPPER.readTree(body);
      if (parsed == null || !parsed.isObject()) {
        throw new ApiException(ApiError.INVALID_JSON);
      }
      return parsed;
    } catch (IOException malformed) {
      throw new ApiException(ApiError.INVALID_JSON);
    }
  }
}
