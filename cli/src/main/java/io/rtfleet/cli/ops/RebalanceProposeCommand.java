package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rtfleet.api.crd.GuildRebalance;
import io.rtfleet.api.crd.GuildRebalanceSpec;
import io.rtfleet.api.crd.RebalanceMode;
import io.rtfleet.api.crd.RebalanceState;
import io.rtfleet.cli.exit.ExitCodes;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "propose",
    mixinStandardHelpOptions = true,
    description = {
      "Ask the operator for a rebalance proposal of FLEET (a GuildRebalance) and show it.",
      "",
      "Modes: full (any slot, until every node is within the balance factor of the mean),"
          + " add-nodes (only onto --nodes: fills new nodes), remove-nodes (every slot off --nodes,"
          + " before a scale-down).",
      "",
      "Examples:",
      "  rtctl rebalance propose chat",
      "  rtctl rebalance propose chat --mode add-nodes --nodes chat-3",
      "  rtctl rebalance propose chat --mode remove-nodes --nodes chat-0 --auto-approve",
    })
final class RebalanceProposeCommand implements Callable<Integer> {
  @Mixin KubeOptions kube;

  @Parameters(paramLabel = "FLEET", completionCandidates = ResourceNames.Fleets.class)
  String fleet;

  @Option(
      names = "--name",
      description = "The GuildRebalance's name (default: FLEET-rebalance-<time>).")
  String name;

  @Option(
      names = "--mode",
      description = "full, add-nodes or remove-nodes (default: full).",
      converter = ModeConverter.class)
  RebalanceMode mode = RebalanceMode.FULL;

  @Option(
      names = "--nodes",
      split = ",",
      paramLabel = "NODE",
      description = "For add-nodes and remove-nodes.")
  List<String> nodes;

  @Option(
      names = "--balance-factor",
      description = "How far above the mean a node may stay (default: the fleet's).")
  Double balanceFactor;

  @Option(
      names = "--moves-per-batch",
      description = "Slots handed off at a time (default: the fleet's maxMovesPerBatch).")
  Integer movesPerBatch;

  @Option(names = "--auto-approve", description = "Carry the proposal out as soon as it is made.")
  boolean autoApprove;

  @Option(
      names = "--timeout",
      description = "Seconds to wait for the proposal (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds = 60;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (KubernetesClient client = kube.client()) {
      Fleets.read(client, fleet);
      String chosen =
          name != null ? name : fleet + "-rebalance-" + (System.currentTimeMillis() / 1000);
      if (Rebalances.named(client, chosen).get() != null) {
        throw new IllegalArgumentException(
            "rebalance "
                + chosen
                + " already exists: 'rtctl rebalance refresh "
                + chosen
                + "' plans it again");
      }
      GuildRebalanceSpec wanted = new GuildRebalanceSpec();
      wanted.setFleet(fleet);
      wanted.setMode(mode);
      wanted.setNodes(nodes);
      wanted.setBalanceFactor(balanceFactor);
      wanted.setMovesPerBatch(movesPerBatch);
      wanted.setAutoApprove(autoApprove);
      GuildRebalance rebalance = new GuildRebalance();
      rebalance.setMetadata(
          new ObjectMetaBuilder().withName(chosen).withNamespace(client.getNamespace()).build());
      rebalance.setSpec(wanted);
      client.resource(rebalance).create();
      out.printf(
          "rebalance %s/%s created; waiting for its proposal%n", client.getNamespace(), chosen);
      GuildRebalance proposed =
          Rebalances.follow(
              client,
              chosen,
              Set.of(
                  RebalanceState.ProposalReady,
                  RebalanceState.Rebalancing,
                  RebalanceState.Ready,
                  RebalanceState.NotReady),
              Duration.ofSeconds(timeoutSeconds),
              new PrintWriter(java.io.Writer.nullWriter()));
      if (proposed == null) {
        spec.commandLine()
            .getErr()
            .printf(
                "no proposal after %d s: is the operator running? ('rtctl rebalance show %s')%n",
                timeoutSeconds, chosen);
        return ExitCodes.TIMED_OUT;
      }
      out.println();
      out.print(ProposalView.of(proposed));
      out.println();
      if (Rebalances.state(proposed) == RebalanceState.NotReady) {
        return ExitCodes.FAILED;
      }
      out.println(
          autoApprove
              ? "Next: rtctl rebalance show " + chosen + " (it is being carried out)"
              : "Next: rtctl rebalance approve " + chosen + " --wait");
      out.flush();
      return ExitCodes.OK;
    }
  }

  /** Takes the modes as the resource spells them: full, add-nodes, remove-nodes. */
  static final class ModeConverter implements picocli.CommandLine.ITypeConverter<RebalanceMode> {
    @Override
    public RebalanceMode convert(String value) {
      for (RebalanceMode mode : RebalanceMode.values()) {
        if (mode.name().replace('_', '-').equalsIgnoreCase(value)) {
          return mode;
        }
      }
      throw new picocli.CommandLine.TypeConversionException(
          "'" + value + "' is not a mode: full, add-nodes or remove-nodes");
    }
  }
}
