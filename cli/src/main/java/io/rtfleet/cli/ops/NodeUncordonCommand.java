package io.rtfleet.cli.ops;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "uncordon",
    mixinStandardHelpOptions = true,
    description = {
      "Uncordon a node: it is ready for new clients again (rtfleet.io/cordon=false).",
      "With --admin-url, uncordons a node outside Kubernetes through its admin API.",
    })
final class NodeUncordonCommand implements Callable<Integer> {
  @Mixin NodeArgument target;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (target.direct()) {
      return Nodes.setCordoned(
          target.openDirect(spec.commandLine().getErr()), false, spec.commandLine().getOut());
    }
    return Nodes.setCordoned(target.kube, target.name(), false, spec.commandLine().getOut());
  }
}
