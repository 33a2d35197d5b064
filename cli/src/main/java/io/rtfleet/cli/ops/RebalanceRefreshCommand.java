package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rtfleet.cli.exit.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "refresh",
    mixinStandardHelpOptions = true,
    description =
        "Plan a rebalance again from the fleet as it is now (annotation"
            + " rtfleet.io/rebalance=refresh), whatever its state; a new proposal waits for approval"
            + " unless the rebalance approves itself.")
final class RebalanceRefreshCommand implements Callable<Integer> {
  @Mixin KubeOptions kube;

  @Parameters(paramLabel = "REBALANCE", completionCandidates = ResourceNames.Rebalances.class)
  String name;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    try (KubernetesClient client = kube.client()) {
      Rebalances.ask(client, name, "refresh");
      spec.commandLine().getOut().printf("rebalance %s asked to plan again%n", name);
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }
  }
}
