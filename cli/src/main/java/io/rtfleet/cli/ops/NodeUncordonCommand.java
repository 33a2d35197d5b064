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
    description = "Uncordon a node: it is ready for new clients again (rtfleet.io/cordon=false).")
final class NodeUncordonCommand implements Callable<Integer> {
  @Mixin KubeOptions kube;

  @Parameters(paramLabel = "NODE", completionCandidates = ResourceNames.Nodes.class)
  String node;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    return Nodes.setCordoned(kube, node, false, spec.commandLine().getOut());
  }
}
