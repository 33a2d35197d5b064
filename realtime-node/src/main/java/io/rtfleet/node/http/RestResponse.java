package io.rtfleet.node.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rtfleet.node.discord.ApiError;
import io.rtfleet.node.discord.ApiException;
import io.rtfleet.node.discord.DiscordJson;
import java.util.Map;

/** An HTTP answer: status, JSON body (null for 204) and extra headers. */
public record RestResponse(int status, JsonNode body, Map<String, String> headers) {
  public static RestResponse ok(JsonNode body) {
    return new RestResponse(200, body, Map.of());
  }

  public static RestResponse created(JsonNode body) {
    return new RestResponse(201, body, Map.of());
  }

  public static RestResponse noContent() {
    return new RestResponse(204, null, Map.of());
  }

  /** Discord's error body: {@code {"code": ..., "message": ...}} plus the field errors. */
  public static RestResponse error(ApiException failure) {
    ApiError error = failure.error();
    ObjectNode body = DiscordJson.MAPPER.createObjectNode();
    body.put("message", error.message());
    body.put("code", error.code());
    if (failure.field() != null) {
      // A nested field ("embeds.0.title") nests as Discord nests it.
      ObjectNode errors = body.putObject("errors");
      for (String segment : failure.field().split("\\.")) {
        errors = errors.putObject(segment);
      }
      errors
          .putArray("_errors")
          .addObject()
          .put("code", "BASE_TYPE_INVALID")
          .put("message", failure.getMessage());
    }
    return new RestResponse(error.httpStatus(), body, Map.of());
  }

  public static RestResponse error(ApiError error) {
    return error(new ApiException(error));
  }

  /** The same answer with {@code extra} headers added (they win over any of the same name). */
  public RestResponse withHeaders(Map<String, String> extra) {
    if (extra.isEmpty()) {
      return this;
    }
    Map<String, String> all = new java.util.LinkedHashMap<>(headers);
    all.putAll(extra);
    return new RestResponse(status, body, Map.copyOf(all));
  }

  /** 429 with {@code retry_after} in seconds, as Discord answers a rate-limited request. */
  public static RestResponse rateLimited(long retryAfterNanos) {
    double seconds = Math.max(0.001, retryAfterNanos / 1e9);
    ObjectNode body = DiscordJson.MAPPER.createObjectNode();
    body.put("message", ApiError.RATE_LIMITED.message());
    body.put("retry_after", Math.round(seconds * 1000) / 1000.0);
    body.put("global", false);
    body.put("code", 0);
    return new RestResponse(
        429,
        body,
        Map.of(
            "Retry-After", Long.toString((long) Math.ceil(seconds)),
            "X-RateLimit-Global", "false",
            "X-RateLimit-Scope", "user"));
  }
}
