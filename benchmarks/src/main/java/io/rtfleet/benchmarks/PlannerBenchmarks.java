package io.rtfleet.benchmarks;

import io.rtfleet.api.placement.Move;
import io.rtfleet.api.placement.NodePhase;
import io.rtfleet.api.placement.PlacementNode;
import io.rtfleet.api.placement.PlacementPlanner;
import io.rtfleet.api.placement.PlanLimits;
import io.rtfleet.api.placement.SlotTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Planning 16,384 slots over 1,000 nodes (target: under 100 ms). */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class PlannerBenchmarks {
  private static final int SLOTS = 16_384;
  private static final int NODES = 1_000;

  private SlotTable table;
  private List<PlacementNode> grownFleet;
  private List<PlacementNode> drainingFleet;
  private double[] loads;

  @Setup
  public void setUp() {
    Random random = new Random(42);
    loads = new double[SLOTS];
    for (int slot = 0; slot < SLOTS; slot++) {
      loads[slot] = 1 + random.nextInt(100);
    }
    List<String> first900 = new ArrayList<>();
    grownFleet = new ArrayList<>();
    drainingFleet = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      String id = String.format("node-%04d", i);
      if (i < 900) {
        first900.add(id);
      }
      grownFleet.add(new PlacementNode(id, 1.0, NodePhase.ACTIVE));
      drainingFleet.add(new PlacementNode(id, 1.0, i == 7 ? NodePhase.DRAINING : NodePhase.ACTIVE));
    }
    table = SlotTable.initial(SLOTS, first900);
  }

  /** 100 new, empty nodes join 900 loaded ones. */
  @Benchmark
  public List<Move> rebalanceAfterAdding100Nodes() {
    return PlacementPlanner.plan(table, grownFleet, loads, PlanLimits.DEFAULT);
  }

  /** One node of 1,000 drains (plus whatever rebalancing the fleet needs). */
  @Benchmark
  public List<Move> drainOneNode() {
    return PlacementPlanner.plan(table, drainingFleet, loads, PlanLimits.DEFAULT);
  }
}
