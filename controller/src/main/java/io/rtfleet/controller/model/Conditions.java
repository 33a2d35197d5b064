package io.rtfleet.controller.model;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Kubernetes-style conditions: one per type, {@code lastTransitionTime} moved only when the status
 * changes (so that {@code kubectl wait} and people see when it flipped, not when it was last
 * written), each with the generation it was decided at.
 */
public final class Conditions {
  public static final String READY = "Ready";
  public static final String PROGRESSING = "Progressing";
  public static final String DEGRADED = "Degraded";
  public static final String BALANCED = "Balanced";
  public static final String ROLLOUT_PAUSED = "RolloutPaused";

  /**
   * The {@link #ROLLOUT_PAUSED} reason of a rollout held until every node's counters can be read (a
   * node that has just started): it goes on by itself, unlike one held by a gate that tripped.
   */
  public static final String HEALTH_GATE_NO_DATA = "HealthGateNoData";

  private Conditions() {}

  /** {@code current} with the condition of {@code type} set as given. */
  public static List<Condition> set(
      List<Condition> current,
      String type,
      boolean status,
      String reason,
      String message,
      long generation,
      Instant now) {
    List<Condition> next = new ArrayList<>();
    String statusText = status ? "True" : "False";
    String transition = DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
    boolean found = false;
    for (Condition condition : current == null ? List.<Condition>of() : current) {
      if (condition.getType().equals(type)) {
        found = true;
        next.add(
            new ConditionBuilder(condition)
                .withStatus(statusText)
                .withReason(reason)
                .withMessage(message)
                .withObservedGeneration(generation)
                .withLastTransitionTime(
                    statusText.equals(condition.getStatus())
                        ? condition.getLastTransitionTime()
                        : transition)
                .build());
      } else {
        next.add(condition);
      }
    }
    if (!found) {
      next.add(
          new ConditionBuilder()
              .withType(type)
              .withStatus(statusText)
              .withReason(reason)
              .withMessage(message)
              .withObservedGeneration(generation)
              .withLastTransitionTime(transition)
              .build());
    }
    return next;
  }

  /** Whether the condition of {@code type} is there and true. */
  public static boolean isTrue(List<Condition> conditions, String type) {
    return conditions != null
        && conditions.stream()
            .anyMatch(c -> c.getType().equals(type) && "True".equals(c.getStatus()));
  }

  /** The reason of the condition of {@code type}, null when it is not there. */
  public static String reason(List<Condition> conditions, String type) {
    return field(conditions, type, Condition::getReason);
  }

  /** The message of the condition of {@code type}, null when it is not there. */
  public static String message(List<Condition> conditions, String type) {
    return field(conditions, type, Condition::getMessage);
  }

  private static String field(
      List<Condition> conditions, String type, Function<Condition, String> field) {
    return conditions == null
        ? null
        : conditions.stream()
            .filter(c -> c.getType().equals(type))
            .map(field)
            .findFirst()
            .orElse(null);
  }
}
