package io.rtfleet.cli.ops;

import io.rtfleet.api.crd.GuildRebalance;
import io.rtfleet.api.crd.NodeLoad;
import io.rtfleet.api.crd.Proposal;
import io.rtfleet.api.crd.SlotMove;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A GuildRebalance as an SRE reads it before approving: what it is for, where it stands, each
 * node's slots and load before and after, and the moves grouped by giver and receiver. Pure text.
 */
final class ProposalView {
  private ProposalView() {}

  static String of(GuildRebalance rebalance) {
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text);
    var spec = rebalance.getSpec();
    String mode = spec.getMode() == null ? "full" : spec.getMode().name().toLowerCase(Locale.ROOT);
    out.printf(
        "Rebalance:   %s (fleet %s, %s%s)%n",
        rebalance.getMetadata().getName(),
        spec.getFleet(),
        mode.replace('_', '-'),
        spec.getNodes() == null || spec.getNodes().isEmpty()
            ? ""
            : ": " + String.join(", ", spec.getNodes()));
    out.printf("State:       %s%n", Rebalances.line(rebalance));
    Proposal proposal = rebalance.getStatus() == null ? null : rebalance.getStatus().getProposal();
    if (proposal == null) {
      out.println("Proposal:    none yet");
      out.flush();
      return text.toString();
    }
    out.printf(
        Locale.ROOT,
        "Proposal:    at placement epoch %d, %s: %d slots (%d guilds) move%n",
        proposal.getEpoch(),
        proposal.getProposedAt(),
        proposal.getSlots(),
        proposal.getGuilds());
    out.printf(
        Locale.ROOT,
        "Balance:     most loaded node %.2f× the mean before, %.2f× after%n",
        proposal.getMaxOverMeanBefore(),
        proposal.getMaxOverMeanAfter());
    out.println();
    Table nodes = new Table("NODE", "SLOTS", "", "LOAD", "", "CHANGE");
    for (NodeLoad load : proposal.getNodes()) {
      int change = load.getSlotsAfter() - load.getSlotsBefore();
      nodes.row(
          load.getNode(),
          load.getSlotsBefore() + " →",
          load.getSlotsAfter(),
          String.format(Locale.ROOT, "%.0f →", load.getLoadBefore()),
          String.format(Locale.ROOT, "%.0f", load.getLoadAfter()),
          change == 0 ? "" : String.format("%+d slots", change));
    }
    nodes.print(out);
    if (proposal.getMoves() != null && !proposal.getMoves().isEmpty()) {
      out.println();
      Map<String, Integer> pairs = new TreeMap<>();
      for (SlotMove move : proposal.getMoves()) {
        pairs.merge(move.getFrom() + " → " + move.getTo(), 1, Integer::sum);
      }
      Table moves = new Table("MOVES", "SLOTS");
      pairs.forEach(moves::row);
      moves.print(out);
    }
    out.flush();
    return text.toString();
  }
}
