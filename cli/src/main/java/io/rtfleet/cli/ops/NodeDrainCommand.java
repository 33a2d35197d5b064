package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rtfleet.cli.exit.ExitCodes;
import io.rtfleet.cli.fleet.FleetWatch;
import io.rtfleet.controller.model.FleetLabels;
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
    mixinStandardHelpOptions = true,
    description = {
      "Drain a node into a fresh one: the operator starts a new node (with the rollout's"
          + " maxSurge), hands the drained node's slots off, asks its sessions to reconnect in"
          + " waves (they resume elsewhere, nothing lost), then deletes its pod. Sets its pod's"
          + " annotation rtfleet.io/drain=true; works while a rollout is paused.",
      "With --wait, shows each step until the node is gone and the fleet has settled.",
    })
final class NodeDrainCommand implements Callable<Integer> {
  @Mixin KubeOptions kube;

  @Parameters(paramLabel = "NODE")
  String node;

  @Option(names = "--wait", description = "Wait until the node is gone, showing progress.")
  boolean wait;

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
      return done ? ExitCodes.OK : ExitCodes.FAILED;
    }
  }
}
