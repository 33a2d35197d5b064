package io.rtfleet.controller.rollout;

import io.rtfleet.coordinator.MetricsText;
import java.util.Map;
import java.util.Optional;

/**
 * Judges one rollout step by the nodes' own counters, read when the step started and once it is
 * done: the sessions that identified again instead of resuming, as a share of the sessions the
 * drained node held, and the resumes the nodes refused. A node that went away during the step (the
 * drained one) is left out; one that came (the surge node) counts from zero; one whose counters
 * went down restarted, and counts from zero too. Every identify counts, a new client's as well as a
 * reconnecting one's: the gate is meant for a step of seconds, not for a fleet whose clients come
 * and go by the hundred per second.
 *
 * <p>Pure: the reconciler reads the counters and records the verdict.
 */
public final class HealthGate {
  static final String IDENTIFIES = "rtfleet_gateway_identifies_total";
  static final String RESUMES = "rtfleet_gateway_resumes_total";
  static final String REFUSED_RESUME = "invalid";

  private HealthGate() {}

  /** A node's counters since it started. */
  public record Reading(long identifies, long resumeFailures) {}

  /** The gates' limits, from {@code spec.rollout.healthGates}. */
  public record Limits(double maxReidentifiedShare, int maxResumeFailures) {}

  /**
   * The counters in a node's {@code /metrics} text; empty when it has no identify counter (a node
   * too old to count them: no data, which holds the rollout rather than passing it).
   */
  public static Optional<Reading> parse(String metrics) {
    MetricsText text = MetricsText.parse(metrics);
    if (!text.has(IDENTIFIES)) {
      return Optional.empty();
    }
    return Optional.of(
        new Reading(
            (long) text.sum(IDENTIFIES), (long) text.sum(RESUMES, "outcome", REFUSED_RESUME)));
  }

  /**
   * Why the step trips a gate, or empty when it passes.
   *
   * @param before each node's counters when the step started
   * @param after each node's counters now
   * @param sessions the sessions on the node the step drained, when it started
   */
  public static Optional<String> judge(
      Map<String, Reading> before, Map<String, Reading> after, long sessions, Limits limits) {
    long identifies = 0;
    long refused = 0;
    for (Map.Entry<String, Reading> now : after.entrySet()) {
      Reading then = before.get(now.getKey());
      identifies += since(then == null ? 0 : then.identifies(), now.getValue().identifies());
      refused += since(then == null ? 0 : then.resumeFailures(), now.getValue().resumeFailures());
    }
    double share = (double) identifies / Math.max(1, sessions);
    if (share > limits.maxReidentifiedShare()) {
      return Optional.of(
          String.format(
              "%d sessions identified again during the step, %.1f%% of the %d it moved (the gate"
                  + " allows %.1f%%)",
              identifies, 100 * share, sessions, 100 * limits.maxReidentifiedShare()));
    }
    if (refused > limits.maxResumeFailures()) {
      return Optional.of(
          String.format(
              "%d resumes were refused during the step (the gate allows %d)",
              refused, limits.maxResumeFailures()));
    }
    return Optional.empty();
  }

  /** What a counter added since {@code then}; all of it when it went down (its node restarted). */
  private static long since(long then, long now) {
    return now >= then ? now - then : now;
  }
}
