package io.rtfleet.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Discord's REST rate limits as its client libraries honour them, per token (the node limits each
 * user): a 429 is waited out for its {@code retry_after} and tried again, and a token whose bucket
 * an answer says is empty ({@code X-RateLimit-Remaining: 0}) sends nothing until its {@code
 * X-RateLimit-Reset-After}. Counts the time waited, so that a command can say why it was slow.
 */
final class RestRateLimits {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Long> emptyUntil = new ConcurrentHashMap<>();
  private final LongAdder waitedNanos = new LongAdder();
  private final LongAdder limited = new LongAdder();
  private final LongSupplier nanoClock;

  RestRateLimits(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  /** How long a request with this token must wait before it is sent; counted as waited. */
  Duration before(String token) {
    Long until = emptyUntil.get(token);
    long wait = until == null ? 0 : until - nanoClock.getAsLong();
    if (wait <= 0) {
      return Duration.ZERO;
    }
    waitedNanos.add(wait);
    return Duration.ofNanos(wait);
  }

  /**
   * Reads an answer's rate-limit headers; for a 429, how long to wait before trying again (its
   * {@code retry_after}, or the {@code Retry-After} header), counted as waited.
   */
  Optional<Duration> after(String token, HttpResponse<String> response) {
    Optional<String> remaining = response.headers().firstValue("X-RateLimit-Remaining");
    Optional<Double> resetAfter =
        response.headers().firstValue("X-RateLimit-Reset-After").flatMap(RestRateLimits::seconds);
    if (remaining.isPresent() && remaining.get().equals("0") && resetAfter.isPresent()) {
      emptyUntil.merge(
          token, nanoClock.getAsLong() + nanos(resetAfter.get()), (a, b) -> Math.max(a, b));
    }
    if (response.statusCode() != 429) {
      return Optional.empty();
    }
    double seconds =
        retryAfter(response.body())
            .or(() -> response.headers().firstValue("Retry-After").flatMap(RestRateLimits::seconds))
            .orElse(1.0);
    limited.increment();
    waitedNanos.add(nanos(seconds));
    return Optional.of(Duration.ofNanos(nanos(seconds)));
  }

  /** The time waited so far, before requests and after 429s. */
  Duration waited() {
    return Duration.ofNanos(waitedNanos.sum());
  }

  /** How many requests were answered 429. */
  long limited() {
    return limited.sum();
  }

  private static Optional<Double> retryAfter(String body) {
    try {
      JsonNode answer = JSON.readTree(body);
      return answer != null && answer.path("retry_after").isNumber()
          ? Optional.of(answer.get("retry_after").asDouble())
          : Optional.empty();
    } catch (IOException notJson) {
      return Optional.empty();
    }
  }

  private static Optional<Double> seconds(String text) {
    try {
      double value = Double.parseDouble(text);
      return value >= 0 ? Optional.of(value) : Optional.empty();
    } catch (NumberFormatException notANumber) {
      return Optional.empty();
    }
  }

  private static long nanos(double seconds) {
    return (long) (seconds * 1e9);
  }
}
