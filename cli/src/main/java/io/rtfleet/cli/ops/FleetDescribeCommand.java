package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rtfleet.api.crd.FleetNodeStatus;
import io.rtfleet.api.crd.HealthGateStatus;
import io.rtfleet.api.crd.OperationStatus;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.api.crd.RealtimeFleetStatus;
import io.rtfleet.api.crd.RolloutSpec;
import io.rtfleet.cli.exit.ExitCodes;
import io.rtfleet.localkube.KubectlAge;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "describe",
    mixinStandardHelpOptions = true,
    description =
        "Show a fleet as the operator sees it: its rollout, placement, conditions, nodes, the"
            + " operation in progress, and its latest Events.")
final class FleetDescribeCommand implements Callable<Integer> {
  @Mixin KubeOptions kube;

  @Parameters(paramLabel = "FLEET", completionCandidates = ResourceNames.Fleets.class)
  String name;

  @Option(
      names = "--events",
      description = "How many of the latest Events to show (default: ${DEFAULT-VALUE}).")
  int events = 10;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    try (KubernetesClient client = kube.client()) {
      RealtimeFleet fleet = Fleets.read(client, name);
      PrintWriter out = spec.commandLine().getOut();
      Instant now = Instant.now();
      RealtimeFleetStatus status =
          fleet.getStatus() == null ? new RealtimeFleetStatus() : fleet.getStatus();
      RolloutSpec rollout =
          fleet.getSpec().getRollout() == null ? new RolloutSpec() : fleet.getSpec().getRollout();
      out.printf("Name:        %s%n", fleet.getMetadata().getName());
      out.printf("Namespace:   %s%n", fleet.getMetadata().getNamespace());
      out.printf(
          "Age:         %s%n", KubectlAge.of(fleet.getMetadata().getCreationTimestamp(), now));
      out.printf(
          "Nodes:       %d asked, %s ready, %s at the update revision%n",
          fleet.getSpec().getReplicas(), status.getReady(), status.getUpdatedReplicas());
      out.printf(
          "Rollout:     %s (maxSurge %s, maxUnavailable %s, partition %s%s)%n",
          status.getRollout(),
          or(rollout.getMaxSurge(), 1),
          or(rollout.getMaxUnavailable(), 0),
          rollout.getPartition() == null ? "none" : rollout.getPartition(),
          Boolean.TRUE.equals(rollout.getPaused()) ? ", paused" : "");
      out.printf(
          "Revisions:   current %s, update %s%s%n",
          status.getCurrentRevision(),
          status.getUpdateRevision(),
          status.getAbortedRevision() != null
              ? "; rollout of "
                  + status.getAbortedRevision()
                  + " aborted: its nodes go back to "
                  + status.getCurrentRevision()
              : status.getPromotedRevision() != null
                  ? "; promoted: to every node, whatever the partition and pause"
                  : "");
      out.printf(
          "Placement:   epoch %s; %s sessions, %s guilds%n",
          status.getPlacementEpoch(), or(status.getSessions(), 0L), or(status.getGuilds(), 0L));
      OperationStatus operation = status.getOperation();
      out.printf(
          "Operation:   %s%n",
          operation == null
              ? "none"
              : operation.getKind()
                  + " of "
                  + operation.getNode()
                  + ": "
                  + operation.getStep()
                  + " since "
                  + KubectlAge.of(operation.getStepStarted(), now)
                  + " ago ("
                  + operation.getProgress()
                  + "), started "
                  + KubectlAge.of(operation.getStarted(), now)
                  + " ago");
      HealthGateStatus gate = status.getHealthGate();
      if (gate != null) {
        out.printf(
            "Health gate: %s%n",
            gate.getTripped() != null
                ? "tripped by " + gate.getTripped()
                : "judging the step that drains "
                    + gate.getNode()
                    + " ("
                    + or(gate.getSessions(), 0L)
                    + " sessions) once it is done");
      }
      out.printf("Conditions:%n");
      Table conditions = new Table("  TYPE", "STATUS", "REASON", "AGE", "MESSAGE");
      for (Condition condition : or(status.getConditions(), List.<Condition>of())) {
        conditions.row(
            "  " + condition.getType(),
            condition.getStatus(),
            condition.getReason(),
            KubectlAge.of(condition.getLastTransitionTime(), now),
            condition.getMessage());
      }
      conditions.print(out);
      out.printf("Nodes:%n");
      Table nodes =
          Nodes.statusTable(or(status.getNodes(), List.<FleetNodeStatus>of()), now, "  ", true);
      nodes.print(out);
      out.printf("Events:%n");
      List<Event> all = FleetEventList.of(client, name);
      List<Event> latest = all.subList(Math.max(0, all.size() - events), all.size());
      Table listed = new Table("  AGE", "TYPE", "REASON", "MESSAGE");
      for (Event event : latest) {
        listed.row(
            "  " + KubectlAge.of(FleetEventList.when(event), now),
            event.getType(),
            event.getReason(),
            event.getMessage());
      }
      listed.print(out);
      return ExitCodes.OK;
    }
  }

  private static <T> T or(T value, T otherwise) {
    return value == null ? otherwise : value;
  }
}
