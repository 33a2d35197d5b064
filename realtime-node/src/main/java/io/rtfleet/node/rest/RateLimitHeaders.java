package io.rtfleet.node.rest;

import io.rtfleet.node.limit.KeyedLimiter;
import java.util.Locale;
import java.util.Map;

/**
 * Discord's rate limit headers for a REST answer: how many requests the bucket allows, how many are
 * left, when it is whole again (as an epoch time and as seconds from now) and which bucket it is.
 * Discord's client libraries pace themselves by them. This node has one bucket per user for every
 * route, so the bucket id is the same for all.
 */
final class RateLimitHeaders {
  static final String BUCKET = "rtfleet-user";

  private RateLimitHeaders() {}

  static Map<String, String> of(KeyedLimiter.Budget budget, long nowEpochMillis) {
    double resetAfter = budget.resetAfterNanos() / 1e9;
    return Map.of(
        "X-RateLimit-Limit", Integer.toString(budget.limit()),
        "X-RateLimit-Remaining", Integer.toString(budget.remaining()),
        "X-RateLimit-Reset", seconds(nowEpochMillis / 1e3 + resetAfter),
        "X-RateLimit-Reset-After", seconds(resetAfter),
        "X-RateLimit-Bucket", BUCKET);
  }

  private static String seconds(double value) {
    return String.format(Locale.ROOT, "%.3f", value);
  }
}
