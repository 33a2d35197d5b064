package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rtfleet.cli.exit.ExitCodes;
import io.rtfleet.cli.exit.TimedOut;
import io.rtfleet.cli.fleet.FleetWatch;
import io.rtfleet.controller.model.FleetLabels;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "replace",
    mixinStandardHelpOptions = true,
    description = {
      "Replace a node with a fresh one, drain first: the operator starts a new node (with the"
          + " rollout's maxSurge), hands the old node's slots off, asks its sessions to reconnect"
          + " in waves (they resume elsewhere, nothing lost), then deletes its pod. Sets its pod's"
          + " annotation rtfleet.io/drain=true, as an eviction does; works while a rollout is"
          + " paused. To drain a node and keep it, use 'rtctl node drain'.",
      "With --wait, shows each step until the node is gone and the fleet has settled; with"
          + " --dry-run, shows what the replacement would move and changes nothing.",
    })
final class NodeReplaceCommand implements Callable<Integer> {
  @Mixin KubeOptions kube;

  @Parameters(
      paramLabel = "NODE",
      description = "The node (its pod's name).",
      completionCandidates = ResourceNames.Nodes.class)
  String node;

  @Mixin DrainOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (KubernetesClient client = kube.client()) {
      String fleet = Nodes.fleetOf(Nodes.read(client, node));
      if (options.dryRun) {
        out.print(Nodes.drainPreview(client, fleet, node, true));
        out.flush();
        return ExitCodes.OK;
      }
      Nodes.annotate(client, node, FleetLabels.DRAIN_ANNOTATION, "true");
      out.printf("node %s of fleet %s is to be drained into a fresh node%n", node, fleet);
      out.flush();
      if (!options.wait) {
        return ExitCodes.OK;
      }
      boolean done =
          FleetWatch.follow(
              () -> Fleets.read(client, fleet),
              FleetWatch::describe,
              read -> FleetWatch.drainLeft(read, node),
              read ->
                  client.pods().inNamespace(client.getNamespace()).withName(node).get() == null
                      && FleetWatch.settled(read),
              Duration.ofSeconds(options.timeoutSeconds),
              out);
      if (!done) {
        throw new TimedOut(
            "node "
                + node
                + " is not replaced yet after "
                + options.timeoutSeconds
                + " s; the replacement goes on ('rtctl fleet describe "
                + fleet
                + "' shows it)");
      }
      out.printf("node %s drained and gone%n", node);
      out.flush();
      return ExitCodes.OK;
    }
  }
}
