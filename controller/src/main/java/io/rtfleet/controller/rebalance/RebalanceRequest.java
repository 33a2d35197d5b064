package io.rtfleet.controller.rebalance;

import io.rtfleet.api.crd.GuildRebalanceSpec;
import io.rtfleet.api.crd.RebalanceMode;
import io.rtfleet.controller.model.FleetSettings;
import io.rtfleet.controller.model.InvalidSpec;
import java.util.List;

/**
 * What a GuildRebalance asks for, checked, with the fleet's settings where it names none: the mode,
 * the nodes it names, the balance factor and the slots handed off per batch.
 */
record RebalanceRequest(
    RebalanceMode mode, List<String> nodes, double balanceFactor, int movesPerBatch) {

  RebalanceRequest {
    nodes = List.copyOf(nodes);
  }

  /**
   * Throws {@link InvalidSpec} naming the field when the spec cannot be carried out, whatever its
   * fleet: reported before anything about the fleet, since it must be fixed either way.
   */
  static void check(GuildRebalanceSpec spec) {
    RebalanceMode mode = spec.getMode() == null ? RebalanceMode.FULL : spec.getMode();
    List<String> nodes = spec.getNodes() == null ? List.of() : List.copyOf(spec.getNodes());
    if (mode != RebalanceMode.FULL && nodes.isEmpty()) {
      throw new InvalidSpec(
          "nodes",
          mode == RebalanceMode.ADD_NODES
              ? "add-nodes names the nodes to fill"
              : "remove-nodes names the nodes to empty");
    }
    if (mode == RebalanceMode.FULL && !nodes.isEmpty()) {
      throw new InvalidSpec("nodes", "a full rebalance moves between every node; name none");
    }
    if (nodes.stream().distinct().count() != nodes.size()) {
      throw new InvalidSpec("nodes", "a node is named twice: " + nodes);
    }
  }

  /** The request, checked, with the fleet's settings where the spec names none. */
  static RebalanceRequest of(GuildRebalanceSpec spec, FleetSettings fleet) {
    check(spec);
    RebalanceMode mode = spec.getMode() == null ? RebalanceMode.FULL : spec.getMode();
    List<String> nodes = spec.getNodes() == null ? List.of() : List.copyOf(spec.getNodes());
    double factor =
        spec.getBalanceFactor() == null ? fleet.balanceFactor() : spec.getBalanceFactor();
    if (!(factor > 1.0 && factor <= 10.0)) {
      throw new InvalidSpec("balanceFactor", "must be above 1.0 and at most 10.0, not " + factor);
    }
    int perBatch =
        spec.getMovesPerBatch() == null ? fleet.maxMovesPerBatch() : spec.getMovesPerBatch();
    if (perBatch < 1) {
      throw new InvalidSpec("movesPerBatch", "must be at least 1, not " + perBatch);
    }
    return new RebalanceRequest(mode, nodes, factor, perBatch);
  }
}
