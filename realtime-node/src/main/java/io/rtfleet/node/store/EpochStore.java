package io.rtfleet.node.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The fleet's newest placement epoch, kept in the shared database: the fence that stops a node
 * restarted with an old table (or a deposed controller) from owning slots that moved on.
 */
public final class EpochStore {
  private final SharedConnection database;

  public EpochStore(SharedConnection database) {
    this.database = database;
  }

  /**
   * Records {@code epoch} as the fleet's newest unless a newer one is recorded already, in one
   * transaction; returns the newest epoch after it: {@code epoch} itself when it was claimed.
   */
  public long claim(long epoch) throws SQLException {
    return database.transaction(
        connection -> {
          // Strictly older only: a node that finds the epoch recorded already (the receiver of a
          // handoff records it before the giver) writes nothing, so its commit waits for no flush.
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE placement_epoch SET epoch = ? WHERE id = 1 AND epoch < ?")) {
            update.setLong(1, epoch);
            update.setLong(2, epoch);
            if (update.executeUpdate() == 1) {
              return epoch;
            }
          }
          try (PreparedStatement query =
                  connection.prepareStatement("SELECT epoch FROM placement_epoch WHERE id = 1");
              ResultSet row = query.executeQuery()) {
            if (!row.next()) {
              throw new SQLException("placement_epoch has no row: the schema is not migrated");
            }
            return row.getLong(1);
          }
        });
  }
}
