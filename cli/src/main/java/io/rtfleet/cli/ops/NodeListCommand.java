package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rtfleet.api.crd.FleetNodeStatus;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.cli.exit.ExitCodes;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "list",
    aliases = "ls",
    mixinStandardHelpOptions = true,
    description = "List a fleet's nodes: phase, readiness, revision, slots, sessions, guilds.")
final class NodeListCommand implements Callable<Integer> {
  @Mixin KubeOptions kube;

  @Mixin OutputOptions output;

  @Parameters(paramLabel = "FLEET", completionCandidates = ResourceNames.Fleets.class)
  String fleet;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    try (KubernetesClient client = kube.client()) {
      RealtimeFleet read = Fleets.read(client, fleet);
      List<FleetNodeStatus> nodes =
          read.getStatus() == null || read.getStatus().getNodes() == null
              ? List.of()
              : read.getStatus().getNodes();
      output.print(
          spec.commandLine().getOut(),
          nodes,
          () -> Nodes.statusTable(nodes, Instant.now(), "", output.wide()),
          node -> "pod/" + node.getName());
      return ExitCodes.OK;
    }
  }
}
