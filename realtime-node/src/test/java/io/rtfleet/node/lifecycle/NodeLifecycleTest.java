package io.rtfleet.node.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtfleet.api.placement.NodePhase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NodeLifecycleTest {
  private final AtomicLong now = new AtomicLong();

  /** A store that keeps the last phase saved, as the database would. */
  private static final class KeptStore implements NodeLifecycle.Store {
    final List<NodeLifecycle.Recorded> saved = new ArrayList<>();

    @Override
    public NodeLifecycle.Recorded load() {
      return saved.isEmpty() ? null : saved.get(saved.size() - 1);
    }

    @Override
    public void save(NodeLifecycle.Recorded phase) {
      saved.add(phase);
    }
  }

  @Test
  void aNewNodeIsActiveAndReady() {
    NodeLifecycle lifecycle = new NodeLifecycle(new KeptStore(), now::get);
    assertThat(lifecycle.phase()).isEqualTo(NodePhase.ACTIVE);
    assertThat(lifecycle.ready()).isTrue();
  }

  @Test
  void aCordonedNodeIsUnreadyAndComesBackCordoned() {
    KeptStore store = new KeptStore();
    NodeLifecycle lifecycle = new NodeLifecycle(store, now::get);
    now.set(5);
    lifecycle.cordon();
    assertThat(lifecycle.ready()).isFalse();
    assertThat(lifecycle.unreadySinceNanos()).isEqualTo(5);

    NodeLifecycle restarted = new NodeLifecycle(store, now::get);
    assertThat(restarted.phase()).isEqualTo(NodePhase.CORDONED);
    restarted.uncordon();
    assertThat(restarted.ready()).isTrue();
  }

  @Test
  void aCancelledDrainGoesBackToThePhaseBeforeIt() {
    NodeLifecycle lifecycle = new NodeLifecycle(new KeptStore(), now::get);
    lifecycle.cordon();
    lifecycle.drain();
    assertThat(lifecycle.phase()).isEqualTo(NodePhase.DRAINING);
    lifecycle.drained();
    assertThat(lifecycle.phase()).isEqualTo(NodePhase.DRAINED);
    assertThat(lifecycle.cancelDrain()).isEqualTo(NodePhase.CORDONED);
    lifecycle.uncordon();
    lifecycle.drain();
    assertThat(lifecycle.cancelDrain()).isEqualTo(NodePhase.ACTIVE);
  }

  @Test
  void aNodeRestartedInADrainIsDrainingStillAndCordonChangesNothingThen() {
    KeptStore store = new KeptStore();
    NodeLifecycle lifecycle = new NodeLifecycle(store, now::get);
    lifecycle.drain();
    lifecycle.drained();

    NodeLifecycle restarted = new NodeLifecycle(store, now::get);
    assertThat(restarted.phase()).isEqualTo(NodePhase.DRAINING);
    assertThat(restarted.cordon()).isEqualTo(NodePhase.DRAINING);
    assertThat(restarted.ready()).isFalse();
  }

  @Test
  void aSessionComingBackMakesADrainedNodeDrainingAgain() {
    NodeLifecycle lifecycle = new NodeLifecycle(new KeptStore(), now::get);
    lifecycle.drain();
    lifecycle.drained();
    lifecycle.undrained();
    assertThat(lifecycle.phase()).isEqualTo(NodePhase.DRAINING);
  }
}
