package io.rtfleet.node.store;

import io.rtfleet.api.placement.NodePhase;
import io.rtfleet.node.lifecycle.NodeLifecycle;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** A node's phase in the shared database, by node id. */
public final class PhaseStore implements NodeLifecycle.Store {
  private final SharedConnection database;
  private final String nodeId;

  public PhaseStore(SharedConnection database, String nodeId) {
    this.database = database;
    this.nodeId = nodeId;
  }

  @Override
  public NodeLifecycle.Recorded load() {
    try {
      return database.transaction(
          connection -> {
            try (PreparedStatement query =
                connection.prepareStatement(
                    "SELECT phase, before_drain FROM node_phases WHERE node_id = ?")) {
              query.setString(1, nodeId);
              try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
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
                    "INSERT INTO node_phases (node_id, phase, before_drain) VALUES (?, ?, ?)"
                        + " ON CONFLICT (node_id) DO UPDATE SET phase = EXCLUDED.phase,"
                        + " before_drain = EXCLUDED.before_drain")) {
              upsert.setString(1, nodeId);
              upsert.setString(2, phase.phase().name());
              upsert.setString(3, phase.beforeDrain() == null ? null : phase.beforeDrain().name());
              upsert.executeUpdate();
              return null;
            }
          });
    } catch (SQLException failed) {
      throw new IllegalStateException("cannot record the phase of " + nodeId, failed);
    }
  }
}
