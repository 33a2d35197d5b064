package io.rtfleet.node.store;

import io.rtfleet.api.placement.NodePhase;
import io.rtfleet.node.lifecycle.NodeLifecycle;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A node's phase in the shared database, by node id, with the incarnation that recorded it: a pod
 * deleted after its drain leaves its phase behind, and a new pod of the same name must not take it
 * over (it would start draining); a node restarted in its own pod must.
 */
public final class PhaseStore implements NodeLifecycle.Store {
  private final SharedConnection database;
  private final String nodeId;
  private final String incarnation;

  /**
   * {@code incarnation}: null when lives of the node id are not told apart (every phase is its).
   */
  public PhaseStore(SharedConnection database, String nodeId, String incarnation) {
    this.database = database;
    this.nodeId = nodeId;
    this.incarnation = incarnation;
  }

  @Override
  public NodeLifecycle.Recorded load() {
    try {
      return database.transaction(
          connection -> {
            try (PreparedStatement query =
                connection.prepareStatement(
                    "SELECT phase, before_drain, incarnation FROM node_phases WHERE node_id = ?")) {
              query.setString(1, nodeId);
              try (ResultSet row = query.executeQuery()) {
                if (!row.next() || (incarnation != null && !incarnation.equals(row.getString(3)))) {
                  return null;
                }
                String before = row.getString(2);
                return new NodeLifecycle.Recorded(
                    NodePhase.valueOf(row.getString(1)),
                    before == null ? null : NodePhase.valueOf(before));
              }
            }
          });
    } catch (SQLException failed) {
      throw new IllegalStateException("cannot read the phase of " + nodeId, failed);
    }
  }

  @Override
  public void save(NodeLifecycle.Recorded phase) {
    try {
      database.transaction(
          connection -> {
            try (PreparedStatement upsert =
                connection.prepareStatement(
                    "INSERT INTO node_phases (node_id, phase, before_drain, incarnation)"
                        + " VALUES (?, ?, ?, ?) ON CONFLICT (node_id) DO UPDATE SET"
                        + " phase = EXCLUDED.phase, before_drain = EXCLUDED.before_drain,"
                        + " incarnation = EXCLUDED.incarnation")) {
              upsert.setString(1, nodeId);
              upsert.setString(2, phase.phase().name());
              upsert.setString(3, phase.beforeDrain() == null ? null : phase.beforeDrain().name());
              upsert.setString(4, incarnation);
              upsert.executeUpdate();
              return null;
            }
          });
    } catch (SQLException failed) {
      throw new IllegalStateException("cannot record the phase of " + nodeId, failed);
    }
  }
}
