package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rtfleet.api.crd.GuildRebalance;
import io.rtfleet.api.crd.RebalanceState;
import io.rtfleet.cli.exit.ExitCodes;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "approve",
    mixinStandardHelpOptions = true,
    description = {
      "Approve a rebalance's proposal: the operator hands its batches off one after another"
          + " (annotation rtfleet.io/rebalance=approve). A proposal planned before the placement"
          + " changed is planned again instead, to be approved again.",
      "With --wait, shows each batch until it is done; exits 0 then, 3 if it stops otherwise.",
    })
final class RebalanceApproveCommand implements Callable<Integer> {
  @Mixin KubeOptions kube;

  @Parameters(paramLabel = "REBALANCE", completionCandidates = ResourceNames.Rebalances.class)
  String name;

  @Option(names = "--wait", description = "Wait until every batch is handed off, showing progress.")
  boolean wait;

  @Option(
      names = "--timeout",
      description = "How long --wait waits, in seconds (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds = 900;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (KubernetesClient client = kube.client()) {
      GuildRebalance rebalance = Rebalances.read(client, name);
      if (Rebalances.state(rebalance) != RebalanceState.ProposalReady) {
        throw new IllegalArgumentException(
            "rebalance "
                + name
                + " has no proposal to approve: it is "
                + Rebalances.state(rebalance)
                + " ('rtctl rebalance refresh "
                + name
                + "' plans it again)");
      }
      Rebalances.ask(client, name, "approve");
      out.printf("rebalance %s approved%n", name);
      out.flush();
      if (!wait) {
        return ExitCodes.OK;
      }
      GuildRebalance ended =
          Rebalances.follow(
              client,
              name,
              Set.of(
                  RebalanceState.Ready,
                  RebalanceState.Stopped,
                  RebalanceState.NotReady,
                  RebalanceState.ProposalReady),
              Duration.ofSeconds(timeoutSeconds),
              out);
      if (ended == null) {
        spec.commandLine().getErr().printf("still not done after %d s%n", timeoutSeconds);
        return ExitCodes.TIMED_OUT;
      }
      return Rebalances.state(ended) == RebalanceState.Ready ? ExitCodes.OK : ExitCodes.FAILED;
    }
  }
}
