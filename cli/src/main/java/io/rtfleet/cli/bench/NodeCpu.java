package io.rtfleet.cli.bench;

import io.rtfleet.cli.client.Target;
import java.io.IOException;

/**
 * The CPU time the nodes under test have used, from each one's {@code process_cpu_seconds_total}:
 * read before and after a measured window, it gives the nodes' CPU per delivery, which on a shared
 * machine becomes everyone's latency.
 */
final class NodeCpu {
  private NodeCpu() {}

  /**
   * The CPU seconds every node {@code target} enters through has used so far; NaN when one cannot
   * be read (its admin port not reachable from here).
   */
  static double seconds(Target target) throws InterruptedException {
    double total = 0;
    for (Target node : target.entries()) {
      try {
        total += Target.sample(node.metrics(), "process_cpu_seconds_total");
      } catch (IOException unreadable) {
        return Double.NaN;
      }
    }
    return total;
  }
}
