package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rtfleet.cli.exit.ExitCodes;
import io.rtfleet.cli.fleet.FleetWatch;
import io.rtfleet.controller.fleet.FleetNodes;
import io.rtfleet.controller.model.FleetLabels;
import io.rtfleet.controller.model.FleetSettings;
import io.rtfleet.coordinator.FleetSnapshot;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "drain",
    aliases = "replace",
    mixinStandardHelpOptions = true,
    description = {
      "Drain a node into a fresh one ('node replace' is the same command): the operator starts a"
          + " new node (with the rollout's maxSurge), hands the drained node's slots off, asks its"
          + " sessions to reconnect in waves (they resume elsewhere, nothing lost), then deletes"
          + " its pod. Sets its pod's annotation rtfleet.io/drain=true; works while a rollout is"
          + " paused.",
      "With --wait, shows each step until the node is gone and the fleet has settled; with"
          + " --dry-run, shows what the drain would move and changes nothing.",
    })
final class NodeDrainCommand implements Callable<Integer> {
  @Mixin KubeOptions kube;

  @Parameters(paramLabel = "NODE", completionCandidates = ResourceNames.Nodes.class)
  String node;

  @Option(names = "--wait", description = "Wait until the node is gone, showing progress.")
  boolean wait;

  @Option(
      names = "--dry-run",
      description =
          "Show the slot moves and waves the drain would make, planned from the fleet as its"
              + " nodes report it now, and change nothing.")
  boolean dryRun;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds = 900;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    try (KubernetesClient client = kube.client()) {
      Pod pod = Nodes.read(client, node);
      String fleet = Nodes.fleetOf(pod);
      if (dryRun) {
        spec.commandLine().getOut().print(preview(client, fleet));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
      }
      Nodes.annotate(client, node, FleetLabels.DRAIN_ANNOTATION, "true");
      PrintWriter out = spec.commandLine().getOut();
      out.printf("node %s of fleet %s is to be drained into a fresh node%n", node, fleet);
      out.flush();
      if (!wait) {
        return ExitCodes.OK;
      }
      boolean done =
          FleetWatch.follow(
              () -> Fleets.read(client, fleet),
              FleetWatch::describe,
              read ->
                  client.pods().inNamespace(client.getNamespace()).withName(node).get() == null
                      && FleetWatch.settled(read),
              Duration.ofSeconds(timeoutSeconds),
              out);
      if (done) {
        out.printf("node %s drained and gone%n", node);
        out.flush();
      }
      return done ? ExitCodes.OK : ExitCodes.TIMED_OUT;
    }
  }

  private String preview(KubernetesClient client, String fleet) {
    FleetSettings settings = FleetSettings.of(Fleets.read(client, fleet).getSpec());
    FleetSnapshot seen =
        FleetNodes.of(
                NodeAdmins.pods(client, fleet),
                NodeAdmins.requiredToken(client, fleet),
                NodeAdmins.HTTP)
            .coordinator(settings)
            .observe();
    return DrainPreview.of(seen, node, settings);
  }
}
