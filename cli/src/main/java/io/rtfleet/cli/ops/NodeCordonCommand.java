package io.rtfleet.cli.ops;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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
  @Mixin NodeArgument target;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (target.direct()) {
      return Nodes.setCordoned(
          target.openDirect(spec.commandLine().getErr()), true, spec.commandLine().getOut());
    }
    return Nodes.setCordoned(target.kube, target.name(), true, spec.commandLine().getOut());
  }
}
