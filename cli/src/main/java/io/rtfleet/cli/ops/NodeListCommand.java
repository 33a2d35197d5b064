package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rtfleet.api.crd.FleetNodeStatus;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.cli.exit.ExitCodes;
import java.io.PrintWriter;
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

  @Mixin WatchOption watch;

  @Parameters(paramLabel = "FLEET", completionCandidates = ResourceNames.Fleets.class)
  String fleet;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    try (KubernetesClient client = kube.client()) {
      PrintWriter out = spec.commandLine().getOut();
      List<FleetNodeStatus> nodes = read(client);
      output.print(out, nodes, () -> table(nodes), NodeListCommand::name);
      if (watch.watch) {
        watch.follow(
            out,
            output,
            nodes,
            () -> read(client),
            this::table,
            FleetNodeStatus::getName,
            NodeListCommand::name);
      }
      return ExitCodes.OK;
    }
  }

  private List<FleetNodeStatus> read(KubernetesClient client) {
    RealtimeFleet read = Fleets.read(client, fleet);
    return read.getStatus() == null || read.getStatus().getNodes() == null
        ? List.of()
        : read.getStatus().getNodes();
  }

  private Table table(List<FleetNodeStatus> nodes) {
    return Nodes.statusTable(nodes, Instant.now(), "", output.wide());
  }

  private static String name(FleetNodeStatus node) {
    return "pod/" + node.getName();
  }
}
