package io.rtfleet.cli.fleet;

import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.api.crd.RealtimeFleetStatus;
import io.rtfleet.controller.model.Conditions;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * Watching a fleet's status from outside, as the benches, {@code rtctl dev up} and the SRE commands
 * do: a line that says where it is, whether it has settled, and a loop that prints each new line
 * until the caller's condition holds.
 */
public final class FleetWatch {
  private static final Duration POLL = Duration.ofMillis(200);

  private FleetWatch() {}

  /** Reads what is followed; null while it does not exist yet. */
  @FunctionalInterface
  public interface Reading<T> {
    T read() throws InterruptedException;
  }

  /**
   * Reads the fleet, or anything else followed, ({@code read}; null while it does not exist) until
   * {@code done} holds (true) or {@code timeout} passes (false, after a line saying what it was
   * waiting on), printing each new {@code line} with the time since it began and, on a terminal, a
   * progress bar of the work {@code left} (see {@link FollowDisplay}).
   */
  public static <T> boolean follow(
      Reading<T> read,
      Function<T, String> line,
      ToLongFunction<T> left,
      Predicate<T> done,
      Duration timeout,
      PrintWriter out)
      throws InterruptedException {
    return follow(read, line, left, done, timeout, out, FollowDisplay.of(out));
  }

  static <T> boolean follow(
      Reading<T> read,
      Function<T, String> line,
      ToLongFunction<T> left,
      Predicate<T> done,
      Duration timeout,
      PrintWriter out,
      FollowDisplay display)
      throws InterruptedException {
    long started = System.nanoTime();
    long deadline = started + timeout.toNanos();
    String last = "";
    try {
      while (true) {
        T seen = read.read();
        String state = seen == null ? "creating" : line.apply(seen);
        display.show(
            (System.nanoTime() - started) / 1e9,
            state,
            !state.equals(last),
            seen == null ? 0 : left.applyAsLong(seen));
        last = state;
        if (seen != null && done.test(seen)) {
          return true;
        }
        if (System.nanoTime() > deadline) {
          display.end();
          out.printf("not done after %d s: %s%n", timeout.toSeconds(), state);
          out.flush();
          return false;
        }
        TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
      }
    } finally {
      display.end();
    }
  }

  /**
   * The work left before a fleet is settled, in nodes: those to create or remove, those not ready,
   * and one for an operation in progress.
   */
  public static long nodesLeft(RealtimeFleet fleet) {
    RealtimeFleetStatus status = fleet.getStatus();
    int wanted =
        fleet.getSpec() == null || fleet.getSpec().getReplicas() == null
            ? 0
            : fleet.getSpec().getReplicas();
    if (status == null || status.getNodes() == null) {
      return wanted + 1L;
    }
    long unready = status.getNodes().stream().filter(node -> !node.isReady()).count();
    return Math.abs(status.getNodes().size() - wanted)
        + unready
        + (status.getOperation() == null ? 0 : 1);
  }

  /**
   * The work a drain of {@code node} has left: its slots and sessions, as the drain in progress
   * counts them (see {@code FleetStatusWriter}); none once it is gone.
   */
  public static long drainLeft(RealtimeFleet fleet, String node) {
    if (fleet.getStatus() == null || fleet.getStatus().getNodes() == null) {
      return 0;
    }
    return fleet.getStatus().getNodes().stream()
        .filter(seen -> node.equals(seen.getName()))
        .mapToLong(seen -> seen.getSlots() + seen.getSessions())
        .sum();
  }

  /** The fleet's state in one line, as a progress report. */
  public static String describe(RealtimeFleet fleet) {
    RealtimeFleetStatus status = fleet.getStatus();
    if (status == null) {
      return "waiting for the operator";
    }
    String operation =
        status.getOperation() == null
            ? ""
            : "; "
                + status.getOperation().getKind()
                + " "
                + status.getOperation().getNode()
                + ": "
                + status.getOperation().getProgress();
    return status.getReady()
        + " ready, rollout "
        + status.getRollout()
        + ", epoch "
        + status.getPlacementEpoch()
        + (Conditions.isTrue(status.getConditions(), Conditions.BALANCED) ? ", balanced" : "")
        + operation;
  }

  /**
   * Every node asked for exists and is ready, the guilds are balanced, nothing is in progress, and
   * the rollout is complete or stopped where the spec stops it (paused, or at its partition).
   */
  public static boolean settled(RealtimeFleet fleet) {
    RealtimeFleetStatus status = fleet.getStatus();
    return status != null
        && status.getObservedGeneration() != null
        && status.getObservedGeneration() >= fleet.getMetadata().getGeneration()
        && status.getNodes() != null
        && status.getNodes().size() == fleet.getSpec().getReplicas()
        && status.getOperation() == null
        && Conditions.isTrue(status.getConditions(), Conditions.READY)
        && Conditions.isTrue(status.getConditions(), Conditions.BALANCED)
        && ("Complete".equals(status.getRollout()) || stoppedShort(status.getRollout()));
  }

  /**
   * The rollout goes no further until someone acts: complete, paused, at its partition, held by a
   * health gate that tripped, halted (its nodes fail to start) or blocked (the spec allows no
   * replacement). A rollout held only until a node that has just started can be read goes on by
   * itself.
   */
  public static boolean rolloutStopped(RealtimeFleetStatus status) {
    String rollout = status.getRollout();
    if (rollout != null
        && rollout.startsWith("Held ")
        && Conditions.HEALTH_GATE_NO_DATA.equals(
            Conditions.reason(status.getConditions(), Conditions.ROLLOUT_PAUSED))) {
      return false;
    }
    return "Complete".equals(rollout) || "Blocked".equals(rollout) || stoppedShort(rollout);
  }

  /** Stopped where only someone can make it go on: a gate that tripped, a halt, a block. */
  public static boolean rolloutFailed(RealtimeFleetStatus status) {
    String rollout = status.getRollout();
    return rolloutStopped(status)
        && rollout != null
        && (rollout.startsWith("Held ")
            || rollout.startsWith("Halted ")
            || rollout.equals("Blocked"));
  }

  /** Stopped with nodes at an older revision, where the spec or a failure stops it. */
  private static boolean stoppedShort(String rollout) {
    return rollout != null
        && (rollout.startsWith("Paused ")
            || rollout.startsWith("Partition ")
            || rollout.startsWith("Halted ")
            || rollout.startsWith("Held "));
  }
}
