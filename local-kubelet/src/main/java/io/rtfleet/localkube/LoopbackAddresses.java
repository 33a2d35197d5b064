package io.rtfleet.localkube;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.random.RandomGenerator;

/**
 * One loopback address per pod, as every pod has an IP of its own in a cluster: then every node
 * listens on the ports its pod spec names, and peers, probes and the proxy reach it at {@code
 * address:port} as they would there. Linux routes all of 127.0.0.0/8 to loopback; the second and
 * third bytes are drawn at random so that two local fleets on one machine do not meet.
 */
final class LoopbackAddresses {
  private final int second;
  private final int third;
  private final Deque<String> released = new ArrayDeque<>();
  private int next = 2;

  LoopbackAddresses(RandomGenerator random) {
    this.second = 1 + random.nextInt(254);
    this.third = random.nextInt(256);
  }

  synchronized String take() {
    if (!released.isEmpty()) {
      return released.pop();
    }
    if (next > 254) {
      throw new IllegalStateException("no loopback address left for another pod");
    }
    return "127." + second + "." + third + "." + next++;
  }

  synchronized void release(String address) {
    released.push(address);
  }
}
