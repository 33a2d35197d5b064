package io.rtfleet.benchmarks.fleet;

import io.rtfleet.api.admin.DrainRequest;
import io.rtfleet.api.placement.PlanLimits;
import io.rtfleet.coordinator.Coordinator;
import io.rtfleet.coordinator.DrainProgress;
import io.rtfleet.coordinator.FleetSnapshot;
import io.rtfleet.coordinator.MoveProgress;
import io.rtfleet.coordinator.simulation.SimulatedFleet;
import io.rtfleet.coordinator.simulation.SimulatedNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the coordinator's steps against a fleet of in-process simulated nodes (1,000 by default) and
 * prints, per step, its wall time, the memory it allocated, and the admin traffic it caused
 * (request and answer bodies, as they would cross HTTP). The nodes are simulated; the coordinator,
 * the planner and the codec are the real ones, so the figures are the coordinator's own costs.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.rtfleet.benchmarks.fleet.FleetSimulation \
 *     [nodes] [slots] [sessionsPerNode] [slotsPerBatch] [replacements]
 * </pre>
 */
public final class FleetSimulation {
  private final int nodeCount;
  private final int slotCount;
  private final int sessionsPerNode;
  private final int slotsPerBatch;
  private final SimulatedFleet fleet;
  private final StepMeter meter;

  private FleetSimulation(int nodes, int slots, int sessionsPerNode, int slotsPerBatch) {
    this.nodeCount = nodes;
    this.slotCount = slots;
    this.sessionsPerNode = sessionsPerNode;
    this.slotsPerBatch = slotsPerBatch;
    this.fleet = new SimulatedFleet(nodes, slots);
    this.meter = new StepMeter(fleet);
    fleet.stopRecording();
    // Every slot carries the same share of the fleet's sessions, as many small guilds make it.
    double perSlot = (double) nodes * sessionsPerNode / slots;
    for (int slot = 0; slot < slots; slot++) {
      fleet.members(slot, perSlot);
    }
    for (SimulatedNode node : fleet.nodes()) {
      node.sessions(sessionsPerNode);
      node.waveSize(1_000);
    }
  }

  public static void main(String[] args) {
    int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
    int slots = args.length > 1 ? Integer.parseInt(args[1]) : 16_384;
    int sessions = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
    int batch = args.length > 3 ? Integer.parseInt(args[3]) : 64;
    int replacements = args.length > 4 ? Integer.parseInt(args[4]) : 20;
    FleetSimulation simulation = new FleetSimulation(nodes, slots, sessions, batch);
    System.out.printf(
        Locale.ROOT,
        "%,d simulated nodes, %,d slots, %,d sessions each (%,d in all), batches of %d slots;"
            + " fleet held in %.1f MB%n%n",
        nodes,
        slots,
        sessions,
        (long) nodes * sessions,
        batch,
        StepMeter.retainedMegabytes());
    simulation.run(replacements);
  }

  private Coordinator coordinator() {
    return new Coordinator(fleet.clients(), fleet.peers(), slotsPerBatch, PlanLimits.DEFAULT);
  }

  private void run(int replacements) {
    // Warm up the codec, the planner and the coordinator on the fleet itself, as a running
    // operator is warm: the first steps would otherwise measure the JIT.
    for (int i = 0; i < 5; i++) {
      Coordinator warm = coordinator();
      warm.plan(warm.observe());
    }
    System.out.println(StepMeter.HEADER);
    Coordinator coordinator = coordinator();
    meter.measure("observe (every node's state, one placement)", coordinator::observe);
    FleetSnapshot observed = coordinator.observe();
    meter.measure("plan (balanced fleet, from an observation)", () -> coordinator.plan(observed));
    meter.measure("recover (observe, push the next epoch as a change)", coordinator::recover);
    meter.measure(
        "push the whole table to every node", () -> coordinator.push(coordinator.recover()));
    scaleUp(10);
    drain("node-1");
    rollingReplacement(replacements);
    failOver("node-" + (nodeCount / 2));
    System.out.printf(
        Locale.ROOT,
        "%npeer traffic of one session transfer (pull and state, 5 guild cursors): %d B;"
            + " of one resumed follow: %d B%n",
        PeerMessageSizes.sessionTransfer(5),
        PeerMessageSizes.follow());
  }

  /** Adds nodes and rebalances onto them, one handoff batch per step. */
  private void scaleUp(int added) {
    for (int i = 0; i < added; i++) {
      fleet.add("added-" + i);
    }
    Coordinator coordinator = coordinator();
    List<StepMeter.Reading> steps = new ArrayList<>();
    MoveProgress[] last = new MoveProgress[1];
    do {
      steps.add(meter.measure(null, () -> last[0] = coordinator.rebalanceStep()));
    } while (!last[0].done() && steps.size() < 10_000);
    StepMeter.printSeries("scale-up by " + added + ": rebalance step", steps);
  }

  /** Drains one node: its slots handed off batch by batch, then its sessions in waves. */
  private List<StepMeter.Reading> drain(String node, boolean print) {
    Coordinator coordinator = coordinator();
    List<StepMeter.Reading> steps = new ArrayList<>();
    DrainProgress[] progress = new DrainProgress[1];
    steps.add(
        meter.measure(
            null,
            () ->
                progress[0] =
                    coordinator.startDrain(node, new DrainRequest(null, null, 0L, null))));
    while (progress[0].step() != DrainProgress.Step.DRAINED && steps.size() < 10_000) {
      steps.add(meter.measure(null, () -> progress[0] = coordinator.stepDrain(progress[0])));
    }
    if (print) {
      StepMeter.printSeries("drain of one node: drain step", steps);
    }
    return steps;
  }

  private void drain(String node) {
    drain(node, true);
  }

  /**
   * Replaces nodes one at a time, surge first: a new node joins, the old one is drained (its slots
   * go to the others, the new one among them) and removed.
   */
  private void rollingReplacement(int count) {
    List<StepMeter.Reading> perNode = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String old = "node-" + (2 + i);
      SimulatedNode fresh = fleet.add("fresh-" + i);
      fresh.waveSize(1_000);
      List<StepMeter.Reading> steps = drain(old, false);
      fleet.remove(old);
      perNode.add(
          new StepMeter.Reading(
              steps.stream().mapToDouble(StepMeter.Reading::millis).sum(),
              steps.stream().mapToDouble(StepMeter.Reading::allocatedMegabytes).sum(),
              steps.stream().mapToDouble(StepMeter.Reading::wireMegabytes).sum(),
              steps.size()));
    }
    StepMeter.printSeries("rolling replacement: one node (surge, drain, delete)", perNode);
    double medianMs = StepMeter.median(perNode, StepMeter.Reading::millis);
    double medianMb = StepMeter.median(perNode, StepMeter.Reading::wireMegabytes);
    System.out.printf(
        Locale.ROOT,
        "  a rollout of all %,d nodes, one at a time: %.0f s of coordinator time, %.1f GB of admin"
            + " traffic%n",
        nodeCount,
        medianMs * nodeCount / 1000,
        medianMb * nodeCount / 1000);
  }

  private void failOver(String dead) {
    fleet.node(dead).alive(false);
    Coordinator coordinator = coordinator();
    meter.measure("failover of one dead node", () -> coordinator.failOver(dead));
  }
}
