package io.rtfleet.api.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * The one codec of the admin contract, used by every side. Unknown fields are ignored (a newer peer
 * may send more); a repeated key, a wrong type or anything that is not JSON is an {@link
 * IllegalArgumentException} whose message says what is wrong; null fields are left out.
 */
public final class AdminCodec {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

  private AdminCodec() {}

  public static byte[] write(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException(
          "cannot encode " + value.getClass().getSimpleName(), impossible);
    }
  }

  public static String writeString(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException(
          "cannot encode " + value.getClass().getSimpleName(), impossible);
    }
  }

  /** The value as a JSON tree, for code that answers with trees. */
  public static JsonNode tree(Object value) {
    return JSON.valueToTree(value);
  }

  /** Reads one {@code type}; an empty body reads as null. */
  public static <T> T read(byte[] body, Class<T> type) {
    if (body == null || body.length == 0) {
      return null;
    }
    try {
      return JSON.readValue(body, type);
    } catch (IOException malformed) {
      throw new IllegalArgumentException(describe(malformed, type), malformed);
    }
  }

  public static <T> T read(String body, Class<T> type) {
    return read(body == null ? null : body.getBytes(java.nio.charset.StandardCharsets.UTF_8), type);
  }

  private static String describe(IOException malformed, Class<?> type) {
    String detail = malformed.getMessage();
    int newline = detail == null ? -1 : detail.indexOf('\n');
    return "not a valid "
        + type.getSimpleName()
        + ": "
        + (newline < 0 ? detail : detail.substring(0, newline));
  }
}
