package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.cli.exit.ExitCodes;
import io.rtfleet.cli.fleet.FleetWatch;
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
    name = "scale",
    mixinStandardHelpOptions = true,
    description = {
      "Set how many nodes a fleet has. The operator adds nodes and places guilds on them, or"
          + " drains nodes (their slots handed off, their sessions moved in waves) before it"
          + " deletes them.",
      "With --wait, shows each step until the fleet has that many ready nodes, balanced.",
    })
final class FleetScaleCommand implements Callable<Integer> {
  @Mixin KubeOptions kube;

  @Parameters(paramLabel = "FLEET", completionCandidates = ResourceNames.Fleets.class)
  String name;

  @Option(names = "--replicas", required = true, description = "Nodes the fleet is to have.")
  int replicas;

  @Option(names = "--wait", description = "Wait until the fleet has settled, showing progress.")
  boolean wait;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds = 600;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (replicas < 0 || replicas > 1000) {
      throw new IllegalArgumentException("--replicas must be between 0 and 1000");
    }
    try (KubernetesClient client = kube.client()) {
      RealtimeFleet before = Fleets.read(client, name);
      Fleets.named(client, name)
          .patch(
              PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":" + replicas + "}}");
      PrintWriter out = spec.commandLine().getOut();
      out.printf(
          "fleet %s scaled from %d to %d nodes%n", name, before.getSpec().getReplicas(), replicas);
      out.flush();
      if (!wait) {
        return ExitCodes.OK;
      }
      return FleetWatch.follow(
              () -> Fleets.read(client, name),
              FleetWatch::describe,
              FleetWatch::nodesLeft,
              FleetWatch::settled,
              Duration.ofSeconds(timeoutSeconds),
              out)
          ? ExitCodes.OK
          : ExitCodes.TIMED_OUT;
    }
  }
}
