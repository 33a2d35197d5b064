package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rtfleet.api.crd.OperationStatus;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.api.crd.RealtimeFleetStatus;
import io.rtfleet.cli.exit.ExitCodes;
import io.rtfleet.cli.fleet.FleetWatch;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "How far a fleet's rollout is: nodes at the new revision, the step in progress.",
      "With --watch (-w), follows it until it is complete (or paused, or at its partition),"
          + " with an estimate of the time left; exits 0 then, 3 on --timeout.",
    })
final class RolloutStatusCommand implements Callable<Integer> {
  @Mixin KubeOptions kube;

  @Parameters(paramLabel = "FLEET", completionCandidates = ResourceNames.Fleets.class)
  String name;

  @Option(
      names = {"-w", "--watch"},
      description = "Follow the rollout until it stops.")
  boolean watch;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "How long --watch follows it (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds = 3600;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (KubernetesClient client = kube.client()) {
      RealtimeFleet fleet = Fleets.read(client, name);
      if (!watch) {
        out.println(line(fleet, Optional.empty()));
        out.flush();
        return ExitCodes.OK;
      }
      RolloutEstimate estimate = new RolloutEstimate(outdated(fleet), System.nanoTime());
      boolean stopped =
          FleetWatch.follow(
              () -> Fleets.read(client, name),
              now -> line(now, estimate.left(outdated(now), System.nanoTime())),
              RolloutStatusCommand::outdated,
              now ->
                  observed(now)
                      && now.getStatus().getOperation() == null
                      && FleetWatch.rolloutStopped(now.getStatus()),
              Duration.ofSeconds(timeoutSeconds),
              out);
      if (!stopped) {
        return ExitCodes.TIMED_OUT;
      }
      if (FleetWatch.rolloutFailed(Fleets.read(client, name).getStatus())) {
        spec.commandLine()
            .getErr()
            .printf(
                "rtctl: the rollout of %s stopped short (see above): 'rtctl rollout promote|undo"
                    + " %s', or fix the template%n",
                name, name);
        return ExitCodes.FAILED;
      }
      return ExitCodes.OK;
    }
  }

  /** The fleet's nodes that still run an older revision than the one rolled out. */
  private static int outdated(RealtimeFleet fleet) {
    RealtimeFleetStatus status = fleet.getStatus();
    if (status == null || status.getNodes() == null || status.getUpdateRevision() == null) {
      return 0;
    }
    return (int)
        status.getNodes().stream()
            .filter(node -> !status.getUpdateRevision().equals(node.getRevision()))
            .count();
  }

  /**
   * Whether the status speaks of the spec as it is: the operator has seen its last change (as
   * kubectl rollout status checks {@code observedGeneration}). Right after {@code rollout restart}
   * the status still says the rollout before it is complete.
   */
  private static boolean observed(RealtimeFleet fleet) {
    RealtimeFleetStatus status = fleet.getStatus();
    return status != null
        && status.getObservedGeneration() != null
        && (fleet.getMetadata().getGeneration() == null
            || status.getObservedGeneration() >= fleet.getMetadata().getGeneration());
  }

  /** The rollout in one line: where it is, the step in progress, and the time left if known. */
  static String line(RealtimeFleet fleet, Optional<Duration> left) {
    RealtimeFleetStatus status = fleet.getStatus();
    if (status == null || status.getRollout() == null) {
      return "fleet " + fleet.getMetadata().getName() + ": waiting for the operator";
    }
    if (!observed(fleet)) {
      return "fleet "
          + fleet.getMetadata().getName()
          + ": waiting for the operator to see the change (generation "
          + fleet.getMetadata().getGeneration()
          + ")";
    }
    StringBuilder line =
        new StringBuilder("fleet ")
            .append(fleet.getMetadata().getName())
            .append(": ")
            .append(
                status.getRollout().equals("Complete")
                    ? "rollout complete, every node at revision " + status.getCurrentRevision()
                    : status.getRollout() + " (revision " + status.getUpdateRevision() + ")");
    OperationStatus operation = status.getOperation();
    if (operation != null) {
      line.append("; ")
          .append(operation.getKind())
          .append(" of ")
          .append(operation.getNode())
          .append(": ")
          .append(operation.getProgress());
    }
    if (status.getRollout().startsWith("Held ") && status.getConditions() != null) {
      // Held by a health gate: why, and what lets it go on, are the RolloutPaused condition's.
      status.getConditions().stream()
          .filter(c -> "RolloutPaused".equals(c.getType()) && "True".equals(c.getStatus()))
          .findFirst()
          .ifPresent(
              c -> line.append("; ").append(c.getReason()).append(": ").append(c.getMessage()));
    }
    left.ifPresent(
        duration -> line.append("; about ").append(duration.toSeconds()).append(" s left"));
    return line.toString();
  }
}
