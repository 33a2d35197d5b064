package io.rtfleet.node.lifecycle;

import io.rtfleet.api.placement.NodePhase;
import java.util.function.LongSupplier;

/**
 * The node's phase, and so whether it is ready for new sessions: only an {@link NodePhase#ACTIVE}
 * node is. A cordoned node keeps its slots and sessions and takes nothing new; a draining node
 * turns unready first, gives its slots up, then asks its sessions to move; a drained one has
 * nothing left. A drain can be cancelled: the node goes back to the phase it had before (active, or
 * cordoned). Every change is recorded before it is reported, so a node that restarts comes back in
 * the phase it was in (a drain that was under way carries on: the node stays unready).
 */
public final class NodeLifecycle {
  /** Where the phase is kept across restarts. */
  public interface Store {
    /** The phase recorded for this node, and the one it had before a drain; null when none. */
    Recorded load();

    void save(Recorded phase);
  }

  /** A recorded phase, and the phase to go back to when a drain is cancelled. */
  public record Recorded(NodePhase phase, NodePhase beforeDrain) {}

  private final Store store;
  private final LongSupplier nanoClock;
  private NodePhase phase;
  private NodePhase beforeDrain;
  private long unreadySince;

  public NodeLifecycle(Store store, LongSupplier nanoClock) {
    this.store = store;
    this.nanoClock = nanoClock;
    Recorded recorded = store.load();
    this.phase = recorded == null ? NodePhase.ACTIVE : comingBack(recorded.phase());
    this.beforeDrain = recorded == null ? null : recorded.beforeDrain();
    this.unreadySince = nanoClock.getAsLong();
  }

  /** A node restarted in the middle of a drain is draining still; it has nothing to wave off. */
  private static NodePhase comingBack(NodePhase recorded) {
    return recorded == NodePhase.DRAINED ? NodePhase.DRAINING : recorded;
  }

  public synchronized NodePhase phase() {
    return phase;
  }

  /** Ready for new sessions: a readiness probe answers 200 only then. */
  public synchronized boolean ready() {
    return phase == NodePhase.ACTIVE;
  }

  public synchronized boolean draining() {
    return phase == NodePhase.DRAINING || phase == NodePhase.DRAINED;
  }

  /** When the node last turned unready, by the injected clock. */
  public synchronized long unreadySinceNanos() {
    return unreadySince;
  }

  /** Keeps what it has and takes nothing new. Cordoning a draining node changes nothing. */
  public synchronized NodePhase cordon() {
    if (phase == NodePhase.ACTIVE) {
      become(NodePhase.CORDONED, null);
    }
    return phase;
  }

  public synchronized NodePhase uncordon() {
    if (phase == NodePhase.CORDONED) {
      become(NodePhase.ACTIVE, null);
    }
    return phase;
  }

  /** Turns unready to drain; a node draining already stays as it is. */
  public synchronized NodePhase drain() {
    if (!draining()) {
      become(NodePhase.DRAINING, phase);
    }
    return phase;
  }

  /** Nothing is left attached: drained (a drain that is under way only). */
  public synchronized void drained() {
    if (phase == NodePhase.DRAINING) {
      become(NodePhase.DRAINED, beforeDrain);
    }
  }

  /** A session attached again (a balancer that ignored readiness): draining again. */
  public synchronized void undrained() {
    if (phase == NodePhase.DRAINED) {
      become(NodePhase.DRAINING, beforeDrain);
    }
  }

  /** Back to the phase before the drain (active unless it was cordoned). */
  public synchronized NodePhase cancelDrain() {
    if (draining()) {
      become(beforeDrain == null ? NodePhase.ACTIVE : beforeDrain, null);
    }
    return phase;
  }

  private void become(NodePhase next, NodePhase before) {
    store.save(new Recorded(next, before));
    if (phase == NodePhase.ACTIVE && next != NodePhase.ACTIVE) {
      unreadySince = nanoClock.getAsLong();
    }
    phase = next;
    beforeDrain = before;
  }
}
