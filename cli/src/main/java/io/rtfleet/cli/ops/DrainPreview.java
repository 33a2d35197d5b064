package io.rtfleet.cli.ops;

import io.rtfleet.api.admin.NodeState;
import io.rtfleet.api.placement.Move;
import io.rtfleet.api.placement.NodePhase;
import io.rtfleet.api.placement.PlacementNode;
import io.rtfleet.api.placement.PlacementPlanner;
import io.rtfleet.api.placement.PlanLimits;
import io.rtfleet.controller.model.FleetSettings;
import io.rtfleet.coordinator.Coordinator;
import io.rtfleet.coordinator.FleetSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What draining a node would do, planned as the operator plans it from the fleet as its nodes
 * report it now: into a fresh one ({@code node replace}), which joins empty and takes most of the
 * drained node's slots, being the emptiest; or into the other nodes ({@code node drain}). The slots
 * go where the placement planner sends them, in batches, then the sessions are asked to reconnect
 * in waves. Pure: {@code --dry-run} prints it.
 */
final class DrainPreview {
  static final String FRESH = "<fresh node>";

  private DrainPreview() {}

  static String of(FleetSnapshot seen, String node, FleetSettings settings, boolean fresh) {
    List<PlacementNode> nodes = new ArrayList<>();
    for (PlacementNode planned : seen.planningNodes()) {
      nodes.add(
          planned.id().equals(node)
              ? new PlacementNode(planned.id(), planned.capacity(), NodePhase.DRAINING)
              : planned);
    }
    if (fresh) {
      nodes.add(new PlacementNode(FRESH, 1.0, NodePhase.ACTIVE));
    }
    List<Move> moves =
        PlacementPlanner.plan(
                seen.table(),
                nodes,
                seen.slotLoads(),
                seen.pinnedLoads(),
                new PlanLimits(settings.balanceFactor(), Integer.MAX_VALUE, Integer.MAX_VALUE))
            .stream()
            .filter(move -> move.from().equals(node))
            .toList();
    int[] guilds = seen.slotGuilds();
    Map<String, int[]> byReceiver = new TreeMap<>();
    for (Move move : moves) {
      int[] counts = byReceiver.computeIfAbsent(move.to(), to -> new int[2]);
      counts[0]++;
      counts[1] += guilds[move.slot()];
    }
    int batches = Coordinator.batches(moves, settings.maxMovesPerBatch()).size();
    NodeState state = seen.states().get(node);
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            "Dry run: draining %s would %s, then hand off %d slots (%d guilds) in %d batches of up"
                + " to %d slots:%n",
            node,
            fresh
                ? "start a fresh node (maxSurge " + settings.maxSurge() + ")"
                : "cordon it (no fresh node: the others take what it holds)",
            moves.size(),
            moves.stream().mapToInt(move -> guilds[move.slot()]).sum(),
            batches,
            settings.maxMovesPerBatch()));
    byReceiver.forEach(
        (to, counts) ->
            text.append(
                String.format("  → %-14s %5d slots, %d guilds%n", to, counts[0], counts[1])));
    text.append(
        String.format(
            "then ask its %s sessions to reconnect, %d every %d ms, after %d ms unready;%n"
                + "then %s. Nothing was changed.%n",
            state == null ? "(unknown: it did not answer)" : state.sessions().total(),
            settings.drainWaveSize(),
            settings.drainWaveInterval().toMillis(),
            settings.readinessDelay().toMillis(),
            fresh
                ? "delete its pod"
                : "keep it, cordoned, until 'rtctl node uncordon " + node + "'"));
    return text.toString();
  }
}
