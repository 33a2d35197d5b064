package io.rtfleet.node.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.rtfleet.node.discord.ApiError;
import io.rtfleet.node.discord.ApiException;
import io.rtfleet.node.json.StrictJson;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Request bodies of the REST and admin APIs: empty, or one JSON object, read as strictly as the
 * gateway reads payloads ({@link StrictJson}), and holding only text the database can store.
 */
public final class JsonBodies {
  private JsonBodies() {}

  /**
   * The body's object; a JSON null node when empty; Discord's 50109 for anything that is not one
   * JSON object, 50035 naming the field for text that cannot be stored.
   */
  public static JsonNode object(byte[] body) {
    if (body == null || body.length == 0) {
      return NullNode.getInstance();
    }
    JsonNode parsed;
    try {
      parsed = StrictJson.MAPPER.readTree(body);
    } catch (IOException | RuntimeException malformed) {
      throw new ApiException(ApiError.INVALID_JSON);
    }
    if (parsed == null || !parsed.isObject()) {
      throw new ApiException(ApiError.INVALID_JSON);
    }
    String unstorable = unstorableText(parsed, "");
    if (unstorable != null) {
      throw ApiException.invalidField(
          unstorable.isEmpty() ? "_" : unstorable,
          "Contains a NUL character or an unpaired UTF-16 surrogate, which cannot be stored.");
    }
    return parsed;
  }

  /**
   * The dotted path of the first string (or key) holding a NUL or an unpaired surrogate, or null.
   * PostgreSQL refuses NUL in text (the write failed as if the database were down, 503) and stores
   * a lone surrogate as '?', so both are refused before they get that far.
   */
  static String unstorableText(JsonNode node, String path) {
    if (node.isTextual()) {
      return storable(node.textValue()) ? null : path;
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        String found = unstorableText(node.get(i), path + (path.isEmpty() ? "" : ".") + i);
        if (found != null) {
          return found;
        }
      }
      return null;
    }
    for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      String fieldPath = path + (path.isEmpty() ? "" : ".") + field.getKey();
      if (!storable(field.getKey())) {
        return path;
      }
      String found = unstorableText(field.getValue(), fieldPath);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /** False for text with a NUL character or a surrogate that is not half of a pair. */
  public static boolean storable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        return false;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
