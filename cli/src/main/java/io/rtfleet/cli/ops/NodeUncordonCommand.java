package io.rtfleet.cli.ops;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "uncordon",
    mixinStandardHelpOptions = true,
    description = {
      "Uncordon a node: it is ready for new clients again (rtfleet.io/cordon=false).",
      "With --admin-url, uncordons a node outside Kubernetes through its admin API.",
    })
final class NodeUncordonCommand implements Callable<Integer> {
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
          direct.open(node, spec.commandLine().getErr()), false, spec.commandLine().getOut());
    }
    return Nodes.setCordoned(
        kube, DirectNodeOptions.required(node), false, spec.commandLine().getOut());
  }
}
