package io.rtfleet.controller.fleet;

import io.fabric8.kubernetes.api.model.Pod;
import io.rtfleet.api.crd.FleetNodeStatus;
import io.rtfleet.api.crd.GateReading;
import io.rtfleet.api.crd.HealthGateStatus;
import io.rtfleet.api.crd.RealtimeFleetStatus;
import io.rtfleet.controller.model.Conditions;
import io.rtfleet.controller.model.FleetSettings;
import io.rtfleet.controller.rollout.HealthGate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The rollout's health gates ({@link HealthGate}) between its steps: the nodes' counters are read
 * as a rollout drain starts and recorded in the status with the node it drains; once that node is
 * gone, they are read again and the step is judged. A gate that trips keeps the rollout paused
 * until it is promoted or the template changes; a node whose counters cannot be read holds the
 * rollout too ("no data" never passes), until they can.
 */
final class HealthGateStep {
  static final String TRIPPED = "HealthGateTripped";
  static final String NO_DATA = Conditions.HEALTH_GATE_NO_DATA;

  private HealthGateStep() {}

  /** Each running node's counters, or the nodes that gave none. */
  record Readings(Map<String, HealthGate.Reading> readings, List<String> silent) {
    boolean complete() {
      return silent.isEmpty();
    }

    String noData() {
      return "no health data from "
          + String.join(", ", silent)
          + ": the rollout waits until every node's counters can be read";
    }
  }

  static Readings read(FleetNodes nodes) {
    Map<String, CompletableFuture<String>> asked = new LinkedHashMap<>();
    nodes.admins().forEach((id, admin) -> asked.put(id, admin.metrics()));
    Map<String, HealthGate.Reading> readings = new LinkedHashMap<>();
    List<String> silent = new ArrayList<>();
    asked.forEach(
        (id, answer) -> {
          Optional<HealthGate.Reading> reading;
          try {
            reading = HealthGate.parse(answer.join());
          } catch (CompletionException unanswered) {
            reading = Optional.empty();
          }
          reading.ifPresentOrElse(read -> readings.put(id, read), () -> silent.add(id));
        });
    return new Readings(readings, silent);
  }

  /** The step about to drain {@code node}, with the counters it starts from. */
  static HealthGateStatus begin(
      RealtimeFleetStatus status, String revision, String node, Readings before) {
    HealthGateStatus gate = new HealthGateStatus();
    gate.setRevision(revision);
    gate.setNode(node);
    gate.setSessions(
        status.getNodes() == null
            ? 0L
            : status.getNodes().stream()
                .filter(n -> n.getName().equals(node))
                .mapToLong(FleetNodeStatus::getSessions)
                .sum());
    Map<String, GateReading> baseline = new LinkedHashMap<>();
    before
        .readings()
        .forEach(
            (id, reading) ->
                baseline.put(id, new GateReading(reading.identifies(), reading.resumeFailures())));
    gate.setBaseline(baseline);
    return gate;
  }

  /**
   * Whether the recorded step is over and not yet judged: its node's pod is gone, or deleted by the
   * operator once drained (a pod deleted by someone else mid-drain is still being drained).
   */
  static boolean awaitsJudgement(RealtimeFleetStatus status, List<Pod> pods) {
    HealthGateStatus gate = status.getHealthGate();
    if (gate == null || gate.getTripped() != null) {
      return false;
    }
    return pods.stream()
        .filter(pod -> pod.getMetadata().getName().equals(gate.getNode()))
        .allMatch(
            pod -> pod.getMetadata().getDeletionTimestamp() != null && !FleetNodes.stopping(pod));
  }

  /** The recorded step's verdict on the counters {@code after}: why it tripped, or empty. */
  static Optional<String> judge(HealthGateStatus gate, Readings after, FleetSettings settings) {
    Map<String, HealthGate.Reading> before = new LinkedHashMap<>();
    if (gate.getBaseline() != null) {
      gate.getBaseline()
          .forEach(
              (id, reading) ->
                  before.put(
                      id,
                      new HealthGate.Reading(
                          valueOf(reading.getIdentifies()), valueOf(reading.getResumeFailures()))));
    }
    return HealthGate.judge(
        before,
        after.readings(),
        valueOf(gate.getSessions()),
        new HealthGate.Limits(settings.maxReidentifiedShare(), settings.maxResumeFailures()));
  }

  private static long valueOf(Long counter) {
    return counter == null ? 0 : counter;
  }
}
