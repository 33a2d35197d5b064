package io.rtfleet.node.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The fleet's newest placement in the shared database: its epoch, the fence that stops a node
 * restarted with an old table (or a deposed controller) from owning slots that moved on, and the
 * whole table at that epoch, so that a fleet whose every node restarts comes back as it was.
 */
public final class EpochStore {
  /** The newest epoch recorded, and its placement as JSON when it was recorded too. */
  public record Newest(long epoch, String document) {}

  private final SharedConnection database;

  public EpochStore(SharedConnection database) {
    this.database = database;
  }

  /**
   * Records {@code epoch} (with its placement) as the fleet's newest unless a newer one is recorded
   * already, in one transaction; returns the newest epoch after it: {@code epoch} itself when it
   * was claimed.
   */
  public long claim(long epoch, String document) throws SQLException {
    return database.transaction(
        connection -> {
          if (recordIn(connection, epoch, document)) {
            return epoch;
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

  /**
   * Records a placement put in force here, if no newer one is recorded and this one is not yet;
   * every node does it, the first one writes.
   */
  public void record(long epoch, String document) throws SQLException {
    database.transaction(connection -> recordIn(connection, epoch, document));
  }

  /**
   * Strictly older, or the same epoch without its placement: a node that finds it recorded already
   * (the receiver of a handoff records it before the giver) writes nothing, so its commit waits for
   * no flush.
   */
  private static boolean recordIn(java.sql.Connection connection, long epoch, String document)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE placement_epoch SET epoch = ?, document = ? WHERE id = 1"
                + " AND (epoch < ? OR (epoch = ? AND document IS NULL))")) {
      update.setLong(1, epoch);
      update.setString(2, document);
      update.setLong(3, epoch);
      update.setLong(4, epoch);
      return update.executeUpdate() == 1;
    }
  }

  /** The newest placement recorded; empty before the first. */
  public Optional<Newest> newest() throws SQLException {
    return database.transaction(
        connection -> {
          try (PreparedStatement query =
                  connection.prepareStatement(
                      "SELECT epoch, document FROM placement_epoch WHERE id = 1");
              ResultSet row = query.executeQuery()) {
            if (!row.next() || row.getLong(1) < 0) {
              return Optional.empty();
            }
            return Optional.of(new Newest(row.getLong(1), row.getString(2)));
          }
        });
  }
}
