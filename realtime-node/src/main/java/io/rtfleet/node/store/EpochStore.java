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

  /** The newest epoch any node has put in force, -1 before the first. */
  public long newest() throws SQLException {
    return database.transaction(
        connection -> {
          try (PreparedStatement query =
                  connection.prepareStatement("SELECT epoch FROM placement_epoch WHERE id = 1");
              ResultSet row = query.executeQuery()) {
            return row.next() ? row.getLong(1) : -1L;
          }
        });
  }

  /** Records that {@code epoch} is in force; a newer one already recorded stays. */
  public void advance(long epoch) throws SQLException {
    database.transaction(
        connection -> {
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE placement_epoch SET epoch = GREATEST(epoch, ?) WHERE id = 1")) {
            update.setLong(1, epoch);
            return update.executeUpdate();
          }
        });
  }
}
