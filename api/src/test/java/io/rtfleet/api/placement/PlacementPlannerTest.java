package io.rtfleet.api.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PlacementPlannerTest {

  private static List<PlacementNode> activeNodes(int count) {
    List<PlacementNode> nodes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      nodes.add(new PlacementNode(String.format("node-%03d", i), 1.0, NodePhase.ACTIVE));
    }
    return nodes;
  }

  private static List<String> ids(List<PlacementNode> nodes) {
    return nodes.stream().map(PlacementNode::id).toList();
  }

  private static double[] loads(int slots, long seed) {
    Random random = new Random(seed);
    double[] loads = new double[slots];
    for (int slot = 0; slot < slots; slot++) {
      loads[slot] = 1 + random.nextInt(10);
    }
    return loads;
  }

  private static Map<String, Double> utilization(
      SlotTable table, List<PlacementNode> nodes, double[] loads) {
    Map<String, Double> load = new HashMap<>();
    nodes.forEach(node -> load.put(node.id(), 0.0));
    for (int slot = 0; slot < table.slotCount(); slot++) {
      load.merge(table.ownerOfSlot(slot), loads[slot], Double::sum);
    }
    return load;
  }

  @Property(tries = 200)
  void balanceHoldsWhenAchievable(
      @ForAll @IntRange(min = 2, max = 30) int nodeCount,
      @ForAll @IntRange(min = 60, max = 120) int slotsPerNode,
      @ForAll long seed) {
    List<PlacementNode> nodes = activeNodes(nodeCount);
    int slots = nodeCount * slotsPerNode;
    double[] loads = loads(slots, seed);
    // start lopsided: everything on the first two nodes
    SlotTable table = SlotTable.initial(slots, ids(nodes).subList(0, 2));
    SlotTable planned = table.apply(PlacementPlanner.plan(table, nodes, loads, PlanLimits.DEFAULT));
    double mean = java.util.Arrays.stream(loads).sum() / nodeCount;
    utilization(planned, nodes, loads)
        .forEach(
            (node, load) ->
                assertThat(load).as(node).isBetween(mean / 1.10 - 1e-6, mean * 1.10 + 1e-6));
  }

  @Property(tries = 100)
  void addingANodeToABalancedFleetMovesAboutOneShareOfTheLoad(
      @ForAll @IntRange(min = 3, max = 40) int nodeCount, @ForAll long seed) {
    List<PlacementNode> nodes = activeNodes(nodeCount);
    int slots = 4096;
    double[] loads = loads(slots, seed);
    SlotTable table = SlotTable.initial(slots, ids(nodes));
    SlotTable balanced =
        table.apply(PlacementPlanner.plan(table, nodes, loads, PlanLimits.DEFAULT));
    List<PlacementNode> grown = new ArrayList<>(nodes);
    grown.add(new PlacementNode("node-new", 1.0, NodePhase.ACTIVE));

    List<Move> moves = PlacementPlanner.plan(balanced, grown, loads, PlanLimits.DEFAULT);

    double total = java.util.Arrays.stream(loads).sum();
    double share = total / (nodeCount + 1);
    double moved = moves.stream().mapToDouble(move -> loads[move.slot()]).sum();
    assertThat(moved).isBetween(0.8 * share, 1.2 * share);
  }

  @Property(tries = 200)
  void slotsOnlyGoToActiveNodesAndNoneStaysOnADrainingOne(
      @ForAll @IntRange(min = 2, max = 12) int nodeCount, @ForAll long seed) {
    Random random = new Random(seed);
    List<PlacementNode> nodes = new ArrayList<>();
    for (int i = 0; i < nodeCount; i++) {
      NodePhase phase =
          i == 0 ? NodePhase.ACTIVE : NodePhase.values()[random.nextInt(NodePhase.values().length)];
      nodes.add(new PlacementNode("n" + i, 0.5 + random.nextInt(3), phase));
    }
    double[] loads = loads(1024, seed);
    SlotTable table = SlotTable.initial(1024, ids(nodes));
    List<Move> moves = PlacementPlanner.plan(table, nodes, loads, PlanLimits.DEFAULT);
    Map<String, NodePhase> phases = new HashMap<>();
    nodes.forEach(node -> phases.put(node.id(), node.phase()));
    assertThat(moves)
        .allSatisfy(move -> assertThat(phases.get(move.to())).isEqualTo(NodePhase.ACTIVE));
    SlotTable planned = table.apply(moves);
    for (int slot = 0; slot < planned.slotCount(); slot++) {
      assertThat(phases.get(planned.ownerOfSlot(slot)).evicting()).isFalse();
    }
  }

  @Property(tries = 100)
  void thePlanIsDeterministicWhateverTheOrderOfTheNodes(
      @ForAll @IntRange(min = 2, max = 20) int nodeCount, @ForAll long seed) {
    List<PlacementNode> nodes = activeNodes(nodeCount);
    double[] loads = loads(2048, seed);
    SlotTable table = SlotTable.initial(2048, ids(nodes).subList(0, 1));
    List<PlacementNode> shuffled = new ArrayList<>(nodes);
    Collections.shuffle(shuffled, new Random(seed));
    assertThat(PlacementPlanner.plan(table, shuffled, loads, PlanLimits.DEFAULT))
        .isEqualTo(PlacementPlanner.plan(table, nodes, loads, PlanLimits.DEFAULT));
  }

  @Property(tries = 100)
  void movesStayWithinThePerNodeAndFleetCaps(
      @ForAll @IntRange(min = 1, max = 20) int perNode,
      @ForAll @IntRange(min = 1, max = 50) int perFleet,
      @ForAll long seed) {
    List<PlacementNode> nodes = activeNodes(6);
    double[] loads = loads(1024, seed);
    SlotTable table = SlotTable.initial(1024, ids(nodes).subList(0, 1));
    List<Move> moves =
        PlacementPlanner.plan(table, nodes, loads, new PlanLimits(1.1, perNode, perFleet));
    assertThat(moves).hasSizeLessThanOrEqualTo(perFleet);
    Map<String, Integer> touched = new HashMap<>();
    moves.forEach(
        move -> {
          touched.merge(move.from(), 1, Integer::sum);
          touched.merge(move.to(), 1, Integer::sum);
        });
    assertThat(touched.values())
        .allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(perNode));
  }

  @Test
  void withoutMeasuredLoadSlotCountsAreBalanced() {
    List<PlacementNode> nodes = activeNodes(4);
    SlotTable table = SlotTable.initial(4096, ids(nodes).subList(0, 1));
    SlotTable planned =
        table.apply(PlacementPlanner.plan(table, nodes, new double[4096], PlanLimits.DEFAULT));
    double[] ones = new double[4096];
    java.util.Arrays.fill(ones, 1);
    utilization(planned, nodes, ones)
        .values()
        .forEach(count -> assertThat(count).isBetween(931.0, 1126.0));
  }

  @Test
  void aFleetWithoutActiveNodesIsRefused() {
    List<PlacementNode> nodes = List.of(new PlacementNode("a", 1, NodePhase.DRAINING));
    SlotTable table = SlotTable.initial(16, List.of("a"));
    assertThatThrownBy(
            () -> PlacementPlanner.plan(table, nodes, new double[16], PlanLimits.DEFAULT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no active node to place slots on");
  }

  @Test
  void tablesAreFencedByEpochAndMovesMustStartAtTheOwner() {
    SlotTable table = SlotTable.initial(8, List.of("a", "b"));
    SlotTable next = table.apply(List.of(new Move(0, "a", "b")));
    assertThat(next.epoch()).isEqualTo(1);
    assertThat(table.acceptsSuccessor(next)).isTrue();
    assertThat(next.acceptsSuccessor(table)).isFalse();
    assertThat(next.acceptsSuccessor(next)).isFalse();
    assertThatThrownBy(() -> next.apply(List.of(new Move(0, "a", "b"))))
        .hasMessage("slot 0 is owned by b, not a");
  }

  @Property(tries = 100)
  void anIsolatedGuildGetsANodeOfItsOwn(
      @ForAll @IntRange(min = 2, max = 20) int nodeCount, @ForAll long seed) {
    List<PlacementNode> nodes = activeNodes(nodeCount);
    double[] loads = loads(1024, seed);
    SlotTable table = SlotTable.initial(1024, ids(nodes));
    long giantGuild = 1_575_978_725_914_333_184L;

    PlacementPlanner.Isolation isolation = PlacementPlanner.isolate(table, nodes, loads);
    SlotTable isolated = table.apply(isolation.moves(), Map.of(giantGuild, isolation.node()));

    assertThat(isolated.ownerOf(giantGuild)).isEqualTo(isolation.node());
    assertThat(isolated.epoch()).isEqualTo(table.epoch() + 1);
    for (int slot = 0; slot < isolated.slotCount(); slot++) {
      assertThat(isolated.ownerOfSlot(slot)).isNotEqualTo(isolation.node());
    }
    assertThat(isolation.moves())
        .allSatisfy(move -> assertThat(move.to()).isNotEqualTo(isolation.node()));
  }

  /**
   * The load of guilds pinned to a node stays on it: counted in its utilization, the plan balances
   * slots plus pins. A node isolated for a giant guild is given no slot back, and a pinned node
   * above its share gives slots away.
   */
  @Property(tries = 200)
  void pinnedLoadStaysWhereItIsAndCountsInTheBalance(
      @ForAll @IntRange(min = 2, max = 12) int nodeCount,
      @ForAll @IntRange(min = 0, max = 3_000) int pinned,
      @ForAll long seed) {
    List<PlacementNode> nodes = activeNodes(nodeCount);
    int slots = nodeCount * 64;
    double[] loads = loads(slots, seed);
    SlotTable table = SlotTable.initial(slots, ids(nodes));
    String pinnedTo = nodes.get(0).id();
    Map<String, Double> pins = Map.of(pinnedTo, (double) pinned);

    List<Move> moves = PlacementPlanner.plan(table, nodes, loads, pins, PlanLimits.DEFAULT);

    Map<String, Double> after = utilization(table.apply(moves), nodes, loads);
    after.merge(pinnedTo, (double) pinned, Double::sum);
    double mean = (java.util.Arrays.stream(loads).sum() + pinned) / nodeCount;
    double share = java.util.Arrays.stream(loads).sum() / nodeCount;
    if (pinned >= share) {
      // Alone above the others' share: it keeps only its pins, or as good as.
      assertThat(moves).noneMatch(move -> move.to().equals(pinnedTo));
    }
    after.forEach(
        (node, load) -> {
          if (!node.equals(pinnedTo) || pinned <= mean * 1.10) {
            assertThat(load).as(node).isLessThanOrEqualTo(mean * 1.10 + 10 + 1e-6);
          }
        });
    // A pin of no load is no pin (an empty map would only call the same code).
    assertThat(
            PlacementPlanner.plan(table, nodes, loads, Map.of(pinnedTo, 0.0), PlanLimits.DEFAULT))
        .isEqualTo(PlacementPlanner.plan(table, nodes, loads, PlanLimits.DEFAULT));
  }

  @Test
  void aNodeIsolatedForAGiantGuildIsNotFilledWithSlotsAgain() {
    List<PlacementNode> nodes = activeNodes(3);
    double[] loads = new double[300];
    java.util.Arrays.fill(loads, 1.0);
    // node-000 holds no slot and the giant guild pinned to it, worth a third of the fleet
    SlotTable table = SlotTable.initial(300, List.of("node-001", "node-002"));

    assertThat(PlacementPlanner.plan(table, nodes, loads, PlanLimits.DEFAULT))
        .as("without its pin, it looks empty")
        .isNotEmpty();
    assertThat(
            PlacementPlanner.plan(
                table, nodes, loads, Map.of("node-000", 150.0), PlanLimits.DEFAULT))
        .isEmpty();
  }
}
