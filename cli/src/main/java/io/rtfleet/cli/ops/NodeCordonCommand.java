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
      "With --admin-url, cordons a node outside Kubernetes through its admin API.",
    })
final class NodeCordonCommand implements Callable<Integer> {
  @Mixin KubeOptions kube;

  @Mixin DirectNodeOptions direct;

  @Parameters(
      arity = "0..1",
      paramLabel = "NODE",
      description = "The node (its pod's name); with --admin-url, the name the node must have.",
      completionCandidates = ResourceNames.Nodes.class)
  String node;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (direct.given()) {
      return Nodes.setCordoned(
          direct.open(node, spec.commandLine().getErr()), true, spec.commandLine().getOut());
    }
    return Nodes.setCordoned(
        kube, DirectNodeOptions.required(node), true, spec.commandLine().getOut());
  }
}
