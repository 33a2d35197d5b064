package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rtfleet.api.crd.GuildRebalance;
import io.rtfleet.cli.exit.ExitCodes;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description =
        "Show a rebalance as a plan: where it stands, each node's slots and load before and"
            + " after, and the moves by giver and receiver.")
final class RebalanceShowCommand implements Callable<Integer> {
  @Mixin KubeOptions kube;

  @Mixin OutputOptions output;

  @Parameters(paramLabel = "REBALANCE", completionCandidates = ResourceNames.Rebalances.class)
  String name;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    try (KubernetesClient client = kube.client()) {
      GuildRebalance rebalance = Rebalances.read(client, name);
      PrintWriter out = spec.commandLine().getOut();
      if (!output.printDocument(out, rebalance, "guildrebalance.rtfleet.io/" + name)) {
        out.print(ProposalView.of(rebalance));
        out.flush();
      }
      return ExitCodes.OK;
    }
  }
}
