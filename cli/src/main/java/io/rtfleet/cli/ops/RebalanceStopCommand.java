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
    name = "stop",
    mixinStandardHelpOptions = true,
    description =
        "Stop a rebalance where it is (annotation rtfleet.io/rebalance=stop): the batches handed"
            + " off stay where they went, the rest is not done.")
final class RebalanceStopCommand implements Callable<Integer> {
  @Mixin KubeOptions kube;

  @Parameters(paramLabel = "REBALANCE", completionCandidates = ResourceNames.Rebalances.class)
  String name;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    try (KubernetesClient client = kube.client()) {
      Rebalances.ask(client, name, "stop");
      spec.commandLine().getOut().printf("rebalance %s asked to stop%n", name);
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }
  }
}
