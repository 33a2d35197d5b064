package io.rtfleet.controller.rebalance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtfleet.api.crd.NodeLoad;
import io.rtfleet.api.crd.Proposal;
import io.rtfleet.api.crd.RebalanceMode;
import io.rtfleet.api.placement.Move;
import io.rtfleet.api.placement.NodePhase;
import io.rtfleet.api.placement.PlacementNode;
import io.rtfleet.api.placement.SlotTable;
import io.rtfleet.controller.model.InvalidSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** A rebalance's proposal moves what its mode allows, and tells the load before and after. */
class ProposalPlannerTest {
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

  /** A fleet whose first {@code loaded} nodes own every slot, with random guild loads. */
  private record Fleet(SlotTable table, List<PlacementNode> nodes, double[] loads, int[] guilds) {
    static Fleet of(int nodeCount, int loaded, long seed) {
      Random random = new Random(seed);
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < nodeCount; i++) {
        ids.add("node-" + i);
      }
      SlotTable table = SlotTable.initial(256, ids.subList(0, loaded));
      double[] loads = new double[256];
      int[] guilds = new int[256];
      for (int slot = 0; slot < 256; slot++) {
        guilds[slot] = random.nextInt(4);
        loads[slot] = 1 + guilds[slot] * random.nextInt(50);
      }
      List<PlacementNode> nodes =
          ids.stream().map(id -> new PlacementNode(id, 1.0, NodePhase.ACTIVE)).toList();
      return new Fleet(table, nodes, loads, guilds);
    }

    Proposal propose(RebalanceMode mode, List<String> named) {
      return ProposalPlanner.propose(
          table, nodes, loads, Map.of(), guilds, new RebalanceRequest(mode, named, 1.10, 16), NOW);
    }
  }

  private static void assertMovesSlotsFromTheirOwners(Fleet fleet, List<Move> moves) {
    Set<Integer> slots = new HashSet<>();
    for (Move move : moves) {
      assertThat(slots.add(move.slot())).as("slot %d moved twice", move.slot()).isTrue();
      assertThat(move.from()).isEqualTo(fleet.table().ownerOfSlot(move.slot()));
      assertThat(move.to()).isNotEqualTo(move.from());
    }
  }

  private static void assertAccountsForEverySlotAndLoad(Fleet fleet, Proposal proposal) {
    double total = 0;
    for (double load : fleet.loads()) {
      total += load;
    }
    assertThat(proposal.getNodes().stream().mapToInt(NodeLoad::getSlotsBefore).sum())
        .isEqualTo(256);
    assertThat(proposal.getNodes().stream().mapToInt(NodeLoad::getSlotsAfter).sum()).isEqualTo(256);
    assertThat(proposal.getNodes().stream().mapToDouble(NodeLoad::getLoadAfter).sum())
        .isCloseTo(total, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(proposal.getSlots()).isEqualTo(proposal.getMoves().size());
    assertThat(proposal.getGuilds())
        .isEqualTo(
            proposal.getMoves().stream().mapToLong(move -> fleet.guilds()[move.getSlot()]).sum());
    assertThat(proposal.getEpoch()).isEqualTo(fleet.table().epoch());
  }

  @Property(tries = 100)
  void addNodesMovesOnlyOntoTheNamedNodes(
      @ForAll @IntRange(min = 2, max = 8) int nodeCount, @ForAll long seed) {
    Fleet fleet = Fleet.of(nodeCount + 1, nodeCount, seed);
    String added = "node-" + nodeCount;

    Proposal proposal = fleet.propose(RebalanceMode.ADD_NODES, List.of(added));

    List<Move> moves = ProposalPlanner.moves(proposal);
    assertMovesSlotsFromTheirOwners(fleet, moves);
    assertThat(moves).isNotEmpty().allSatisfy(move -> assertThat(move.to()).isEqualTo(added));
    assertAccountsForEverySlotAndLoad(fleet, proposal);
    assertThat(proposal.getMaxOverMeanAfter()).isLessThan(proposal.getMaxOverMeanBefore());
  }

  @Property(tries = 100)
  void removeNodesEmptiesTheNamedNodesOntoTheOthers(
      @ForAll @IntRange(min = 2, max = 8) int nodeCount, @ForAll long seed) {
    Fleet fleet = Fleet.of(nodeCount, nodeCount, seed);
    String removed = "node-0";

    Proposal proposal = fleet.propose(RebalanceMode.REMOVE_NODES, List.of(removed));

    List<Move> moves = ProposalPlanner.moves(proposal);
    assertMovesSlotsFromTheirOwners(fleet, moves);
    assertThat(moves).allSatisfy(move -> assertThat(move.to()).isNotEqualTo(removed));
    assertThat(fleet.table().apply(moves).slotsOf(removed)).isZero();
    assertAccountsForEverySlotAndLoad(fleet, proposal);
  }

  @Property(tries = 100)
  void aFullRebalanceOfABalancedFleetMovesNothing(
      @ForAll @IntRange(min = 1, max = 8) int nodeCount) {
    Fleet fleet = Fleet.of(nodeCount, nodeCount, 0);
    double[] even = new double[256];
    java.util.Arrays.fill(even, 1.0);
    Proposal proposal =
        ProposalPlanner.propose(
            fleet.table(),
            fleet.nodes(),
            even,
            Map.of(),
            fleet.guilds(),
            new RebalanceRequest(RebalanceMode.FULL, List.of(), 1.10, 16),
            NOW);

    assertThat(proposal.getMoves()).isEmpty();
    assertThat(proposal.getMaxOverMeanAfter()).isEqualTo(proposal.getMaxOverMeanBefore());
  }

  @Test
  void theLoadPerNodeIsShownBeforeAndAfter() {
    Fleet fleet = Fleet.of(3, 2, 7);

    Proposal proposal = fleet.propose(RebalanceMode.FULL, List.of());

    Map<String, NodeLoad> byNode = new java.util.HashMap<>();
    proposal.getNodes().forEach(load -> byNode.put(load.getNode(), load));
    assertThat(byNode.get("node-2").getSlotsBefore()).isZero();
    assertThat(byNode.get("node-2").getSlotsAfter()).isPositive();
    assertThat(byNode.get("node-2").getLoadAfter()).isPositive();
    assertThat(proposal.getProposedAt()).isEqualTo("2026-11-30T12:00:00Z");
  }

  @Test
  void aNodeTheFleetDoesNotHaveIsNamedInTheError() {
    Fleet fleet = Fleet.of(2, 2, 1);

    assertThatThrownBy(() -> fleet.propose(RebalanceMode.ADD_NODES, List.of("node-9")))
        .isInstanceOf(InvalidSpec.class)
        .hasMessage("spec.nodes: the fleet has no node node-9 (its nodes: [node-0, node-1])");
  }

  @Test
  void removingEveryNodeIsRefused() {
    Fleet fleet = Fleet.of(2, 2, 1);

    assertThatThrownBy(() -> fleet.propose(RebalanceMode.REMOVE_NODES, List.of("node-0", "node-1")))
        .isInstanceOf(InvalidSpec.class)
        .hasMessageContaining("no active node would be left");
  }
}
