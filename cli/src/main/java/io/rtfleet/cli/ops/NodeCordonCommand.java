package io.rtfleet.cli.ops;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "cordon",
    mixinStandardHelpOptions = true,
    description = {
      "Cordon a node: it turns unready (the Service sends it no new client) and keeps its slots"
          + " and sessions. Sets its pod's annotation rtfleet.io/cordon=true, which the operator"
          + " keeps the node to until 'rtctl node uncordon'.",
    })
final class NodeCordonCommand implements Callable<Integer> {
  @Mixin KubeOptions kube;

  @Parameters(paramLabel = "NODE", completionCandidates = ResourceNames.Nodes.class)
  String node;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    return Nodes.setCordoned(kube, node, true, spec.commandLine().getOut());
  }
}
