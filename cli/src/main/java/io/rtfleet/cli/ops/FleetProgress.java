package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.api.crd.RealtimeFleetStatus;
import io.rtfleet.cli.fleet.OperatedFleet;
import io.rtfleet.controller.model.Conditions;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Follows a fleet's status, one line per change, until it is where the caller waits for. */
final class FleetProgress {
  private static final Duration POLL = Duration.ofMillis(500);

  private FleetProgress() {}

  /**
   * Prints each new state of the fleet until {@code done} holds (true) or {@code timeout} passes
   * (false, with what it was waiting on).
   */
  static boolean follow(
      KubernetesClient client,
      String name,
      Duration timeout,
      PrintWriter out,
      Predicate<RealtimeFleet> done)
      throws InterruptedException {
    long started = System.nanoTime();
    long deadline = started + timeout.toNanos();
    String last = "";
    while (true) {
      RealtimeFleet fleet = Fleets.read(client, name);
      String state =
          fleet.getStatus() == null ? "waiting for the operator" : OperatedFleet.describe(fleet);
      if (!state.equals(last)) {
        out.printf("  %5.1fs  %s%n", (System.nanoTime() - started) / 1e9, state);
        out.flush();
        last = state;
      }
      if (done.test(fleet)) {
        return true;
      }
      if (System.nanoTime() > deadline) {
        out.printf("not done after %d s: %s%n", timeout.toSeconds(), state);
        out.flush();
        return false;
      }
      TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
    }
  }

  /**
   * Every node asked for exists and is ready, the guilds are balanced, nothing is in progress, and
   * the rollout is complete or stopped where the spec stops it (paused, or at its partition).
   */
  static boolean settled(RealtimeFleet fleet) {
    RealtimeFleetStatus status = fleet.getStatus();
    return status != null
        && status.getObservedGeneration() != null
        && status.getObservedGeneration() >= fleet.getMetadata().getGeneration()
        && status.getNodes() != null
        && status.getNodes().size() == fleet.getSpec().getReplicas()
        && status.getOperation() == null
        && Conditions.isTrue(status.getConditions(), Conditions.READY)
        && Conditions.isTrue(status.getConditions(), Conditions.BALANCED)
        && status.getRollout() != null
        && (status.getRollout().equals("Complete")
            || status.getRollout().startsWith("Paused ")
            || status.getRollout().startsWith("Partition "));
  }
}
