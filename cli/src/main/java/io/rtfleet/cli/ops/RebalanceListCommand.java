package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rtfleet.api.crd.GuildRebalance;
import io.rtfleet.cli.exit.ExitCodes;
import io.rtfleet.localkube.KubectlAge;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "list",
    aliases = "ls",
    mixinStandardHelpOptions = true,
    description = "List the rebalances of a namespace, or of one FLEET.")
final class RebalanceListCommand implements Callable<Integer> {
  @Mixin KubeOptions kube;

  @Mixin OutputOptions output;

  @Mixin WatchOption watch;

  @Parameters(
      paramLabel = "FLEET",
      arity = "0..1",
      completionCandidates = ResourceNames.Fleets.class)
  String fleet;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    try (KubernetesClient client = kube.client()) {
      PrintWriter out = spec.commandLine().getOut();
      List<GuildRebalance> rebalances = read(client);
      if (rebalances.isEmpty() && output.forPeople()) {
        spec.commandLine()
            .getErr()
            .printf(
                "no rebalances in namespace %s%s ('rtctl rebalance propose FLEET' makes one)%n",
                client.getNamespace(), fleet == null ? "" : " for fleet " + fleet);
        spec.commandLine().getErr().flush();
      } else {
        output.print(out, rebalances, () -> table(rebalances), RebalanceListCommand::name);
      }
      if (watch.watch) {
        watch.follow(
            out,
            output,
            rebalances,
            () -> read(client),
            this::table,
            rebalance -> rebalance.getMetadata().getName(),
            RebalanceListCommand::name);
      }
      return ExitCodes.OK;
    }
  }

  private List<GuildRebalance> read(KubernetesClient client) {
    return client
        .resources(GuildRebalance.class)
        .inNamespace(client.getNamespace())
        .list()
        .getItems()
        .stream()
        .filter(r -> fleet == null || fleet.equals(r.getSpec().getFleet()))
        .sorted(Comparator.comparing(r -> r.getMetadata().getName()))
        .toList();
  }

  private static String name(GuildRebalance rebalance) {
    return "guildrebalance.rtfleet.io/" + rebalance.getMetadata().getName();
  }

  private Table table(List<GuildRebalance> rebalances) {
    Table table =
        new Table("NAME", "FLEET", "MODE", "STATE", "BATCHES", "SLOTS", "AGE", "MOVES", "EPOCH");
    Instant now = Instant.now();
    for (GuildRebalance rebalance : rebalances) {
      var status = rebalance.getStatus();
      var proposal = status == null ? null : status.getProposal();
      table.row(
          rebalance.getMetadata().getName(),
          rebalance.getSpec().getFleet(),
          rebalance.getSpec().getMode() == null
              ? "full"
              : rebalance.getSpec().getMode().name().toLowerCase(Locale.ROOT).replace('_', '-'),
          status == null ? null : status.getState(),
          status == null ? null : status.getBatches(),
          proposal == null ? null : proposal.getSlots(),
          KubectlAge.of(rebalance.getMetadata().getCreationTimestamp(), now),
          proposal == null || proposal.getMoves() == null ? null : proposal.getMoves().size(),
          proposal == null ? null : proposal.getEpoch());
    }
    return output.wide() ? table : table.hidingLast(2);
  }
}
