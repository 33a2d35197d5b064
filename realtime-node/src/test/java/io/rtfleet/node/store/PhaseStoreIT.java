package io.rtfleet.node.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtfleet.api.placement.NodePhase;
import io.rtfleet.node.lifecycle.NodeLifecycle;
import io.rtfleet.node.testing.SharedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A node's recorded phase belongs to the life of its name that recorded it. */
class PhaseStoreIT {
  private Database database;
  private SharedConnection shared;

  @BeforeEach
  void start() {
    database = Database.external(SharedPostgres.newDatabase(), null);
    shared = new SharedConnection(database.dataSource());
  }

  @AfterEach
  void stop() throws Exception {
    shared.close();
    database.close();
  }

  @Test
  void aNewPodOfADrainedNodesNameStartsAfreshWhileTheSamePodRestartedKeepsItsPhase() {
    new PhaseStore(shared, "chat-2", "pod-uid-1")
        .save(new NodeLifecycle.Recorded(NodePhase.DRAINED, NodePhase.ACTIVE));

    assertThat(new PhaseStore(shared, "chat-2", "pod-uid-1").load().phase())
        .isEqualTo(NodePhase.DRAINED);
    assertThat(new PhaseStore(shared, "chat-2", "pod-uid-2").load()).isNull();
    // a node whose lives are not told apart (no incarnation) takes what is recorded
    assertThat(new PhaseStore(shared, "chat-2", null).load().phase()).isEqualTo(NodePhase.DRAINED);

    new PhaseStore(shared, "chat-2", "pod-uid-2")
        .save(new NodeLifecycle.Recorded(NodePhase.CORDONED, null));
    assertThat(new PhaseStore(shared, "chat-2", "pod-uid-2").load().phase())
        .isEqualTo(NodePhase.CORDONED);
    assertThat(new PhaseStore(shared, "chat-2", "pod-uid-1").load()).isNull();
  }
}
