package io.rtfleet.benchmarks.fleet;

import com.sun.management.ThreadMXBean;
import io.rtfleet.coordinator.simulation.SimulatedFleet;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Times a simulation step, and counts the memory it allocated and the admin traffic it caused. The
 * simulated nodes' own work (decoding requests, answering) is taken out: the figures are the
 * coordinator's.
 */
final class StepMeter {
  static final String HEADER =
      String.format(
          Locale.ROOT, "%-58s %10s %12s %12s %7s", "step", "wall ms", "alloc MB", "admin MB", "n");

  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

  private final SimulatedFleet fleet;

  StepMeter(SimulatedFleet fleet) {
    this.fleet = fleet;
  }

  /** One step's cost; {@code steps} counts coordinator calls when a reading spans several. */
  record Reading(double millis, double allocatedMegabytes, double wireMegabytes, int steps) {}

  /** Runs {@code step}, prints its reading under {@code name} unless null, and returns it. */
  Reading measure(String name, Runnable step) {
    long bytesBefore = fleet.wireBytes();
    long nodeNanosBefore = fleet.nodeNanos();
    long nodeAllocatedBefore = fleet.nodeAllocatedBytes();
    long allocatedBefore = allocatedBytes();
    long start = System.nanoTime();
    step.run();
    long nanos = System.nanoTime() - start - (fleet.nodeNanos() - nodeNanosBefore);
    long allocated =
        allocatedBytes() - allocatedBefore - (fleet.nodeAllocatedBytes() - nodeAllocatedBefore);
    Reading reading =
        new Reading(nanos / 1e6, allocated / 1e6, (fleet.wireBytes() - bytesBefore) / 1e6, 1);
    if (name != null) {
      print(name, reading);
    }
    return reading;
  }

  /** Prints the median and the largest of a series of steps, and their total. */
  static void printSeries(String name, List<Reading> steps) {
    print(
        name + " (median)",
        new Reading(
            median(steps, Reading::millis),
            median(steps, Reading::allocatedMegabytes),
            median(steps, Reading::wireMegabytes),
            steps.size()));
    print(
        name + " (largest)",
        new Reading(
            max(steps, Reading::millis),
            max(steps, Reading::allocatedMegabytes),
            max(steps, Reading::wireMegabytes),
            steps.size()));
    print(
        name + " (all)",
        new Reading(
            sum(steps, Reading::millis),
            sum(steps, Reading::allocatedMegabytes),
            sum(steps, Reading::wireMegabytes),
            steps.stream().mapToInt(Reading::steps).sum()));
  }

  private static void print(String name, Reading reading) {
    System.out.printf(
        Locale.ROOT,
        "%-58s %10.1f %12.1f %12.2f %7d%n",
        name,
        reading.millis(),
        reading.allocatedMegabytes(),
        reading.wireMegabytes(),
        reading.steps());
  }

  static double median(List<Reading> steps, ToDoubleFunction<Reading> value) {
    double[] sorted = steps.stream().mapToDouble(value).sorted().toArray();
    return sorted.length == 0 ? 0 : sorted[sorted.length / 2];
  }

  private static double max(List<Reading> steps, ToDoubleFunction<Reading> value) {
    return steps.stream().mapToDouble(value).max().orElse(0);
  }

  private static double sum(List<Reading> steps, ToDoubleFunction<Reading> value) {
    return steps.stream().mapToDouble(value).sum();
  }

  /** Bytes allocated so far by every live thread (the simulation runs on one). */
  static long allocatedBytes() {
    long total = 0;
    for (long id : THREADS.getAllThreadIds()) {
      total += Math.max(0, THREADS.getThreadAllocatedBytes(id));
    }
    return total;
  }

  /** The heap in use after a full collection: what the simulated fleet holds. */
  static double retainedMegabytes() {
    Runtime runtime = Runtime.getRuntime();
    System.gc();
    return (runtime.totalMemory() - runtime.freeMemory()) / 1e6;
  }
}
