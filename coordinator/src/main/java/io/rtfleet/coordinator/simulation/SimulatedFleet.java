package io.rtfleet.coordinator.simulation;

import com.sun.management.ThreadMXBean;
import io.rtfleet.api.admin.PlacementDocument;
import io.rtfleet.api.placement.SlotTable;
import io.rtfleet.coordinator.NodeAdminClient;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fleet of in-process nodes that answer the admin API as real ones do: placements fenced by
 * epoch, handoffs that put the next table in force on the receiver and then the giver, drains that
 * end once the sessions have left in waves. Every request and answer crosses {@link
 * io.rtfleet.api.admin.AdminCodec} as bytes, as over HTTP, so that a simulation pays the codec and
 * counts the admin traffic. For the coordinator's unit tests (each call is recorded, and a node
 * fails on demand in each of the ways a real one fails) and for simulating fleets of thousands of
 * nodes in one process. Slot loads are the members of each slot's guilds, set by the caller.
 */
public final class SimulatedFleet {
  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

  private final Map<String, SimulatedNode> nodes = new LinkedHashMap<>();
  private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong wireBytes = new AtomicLong();
  private final AtomicLong nodeNanos = new AtomicLong();
  private final AtomicLong nodeAllocatedBytes = new AtomicLong();
  private final double[] members;
  private boolean recording = true;

  /**
   * {@code nodeCount} active nodes named node-0, node-1, …, sharing the slots evenly; with none, a
   * fleet whose nodes ({@link #add}ed) have no placement yet.
   */
  public SimulatedFleet(int nodeCount, int slotCount) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < nodeCount; i++) {
      ids.add("node-" + i);
    }
    members = new double[slotCount];
    SlotTable initial = ids.isEmpty() ? null : SlotTable.initial(slotCount, ids);
    for (String id : ids) {
      nodes.put(id, new SimulatedNode(this, id, initial));
    }
  }

  public SimulatedNode node(String id) {
    return nodes.get(id);
  }

  public List<SimulatedNode> nodes() {
    return List.copyOf(nodes.values());
  }

  /** Adds an empty active node with no placement yet, as a scale-up does. */
  public SimulatedNode add(String id) {
    SimulatedNode added = new SimulatedNode(this, id, null);
    nodes.put(id, added);
    return added;
  }

  /** Removes a node, as deleting its pod does. */
  public void remove(String id) {
    nodes.remove(id);
  }

  public Map<String, NodeAdminClient> clients() {
    return new LinkedHashMap<>(nodes);
  }

  /** Every node's peer address, as a placement carries it. */
  public Map<String, String> peers() {
    Map<String, String> peers = new LinkedHashMap<>();
    nodes.keySet().forEach(id -> peers.put(id, id + ":7000"));
    return peers;
  }

  /** Sets the members of the guilds in {@code slot}: the slot's load. */
  public void members(int slot, double count) {
    members[slot] = count;
  }

  double membersOf(int slot) {
    return members[slot];
  }

  /** The calls made so far, each as "node-id call", in order. */
  public List<String> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  /** Stops recording calls (a long simulation would keep millions). */
  public void stopRecording() {
    recording = false;
    calls.clear();
  }

  /** Bytes of admin requests and answers so far, bodies only. */
  public long wireBytes() {
    return wireBytes.get();
  }

  /** Time the simulated nodes spent answering, in all: a real node's own work, not the caller's. */
  public long nodeNanos() {
    return nodeNanos.get();
  }

  /** Bytes the simulated nodes allocated answering, in all. */
  public long nodeAllocatedBytes() {
    return nodeAllocatedBytes.get();
  }

  void nodeWork(long nanos, long allocatedBytes) {
    nodeNanos.addAndGet(nanos);
    nodeAllocatedBytes.addAndGet(allocatedBytes);
  }

  /** Bytes the current thread has allocated so far. */
  static long allocatedHere() {
    return THREADS.getCurrentThreadAllocatedBytes();
  }

  void record(String call) {
    if (recording) {
      calls.add(call);
    }
  }

  void sent(int bytes) {
    wireBytes.addAndGet(bytes);
  }

  PlacementDocument placementOf(SlotTable table) {
    return PlacementDocument.of(table, peers());
  }
}
