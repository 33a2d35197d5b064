package io.rtfleet.node.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Where moved sessions live, in the shared database: written by the node a session moves to,
 * deleted by the node where it ends, read by a node whose client resumes a session that is neither
 * here nor at its home.
 */
public final class SessionDirectory {
  private final GroupCommitter committer;
  private final SharedConnection database;
  private final Executor reads;
  private final Clock clock;

  public SessionDirectory(
      GroupCommitter committer, SharedConnection database, Executor reads, Clock clock) {
    this.committer = committer;
    this.database = database;
    this.reads = reads;
    this.clock = clock;
  }

  /** The session lives on {@code nodeId} now. */
  public CompletableFuture<Integer> movedTo(String sessionId, String nodeId) {
    Timestamp now = Timestamp.from(clock.instant());
    return committer.submit(
        GuildWrites.write(
            "INSERT INTO session_locations (session_id, node_id, moved_at) VALUES (?, ?, ?)"
                + " ON CONFLICT (session_id) DO UPDATE SET node_id = EXCLUDED.node_id,"
                + " moved_at = EXCLUDED.moved_at",
            s -> {
              s.setString(1, sessionId);
              s.setString(2, nodeId);
              s.setTimestamp(3, now);
            }));
  }

  /** The session ended for good. */
  public CompletableFuture<Integer> ended(String sessionId) {
    return committer.submit(
        GuildWrites.write(
            "DELETE FROM session_locations WHERE session_id = ?", s -> s.setString(1, sessionId)));
  }

  /** The node the session moved to last, if it moved. */
  public CompletableFuture<Optional<String>> locate(String sessionId) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return database.transaction(
                connection -> {
                  try (PreparedStatement query =
                      connection.prepareStatement(
                          "SELECT node_id FROM session_locations WHERE session_id = ?")) {
                    query.setString(1, sessionId);
                    try (ResultSet row = query.executeQuery()) {
                      return row.next() ? Optional.of(row.getString(1)) : Optional.<String>empty();
                    }
                  }
                });
          } catch (SQLException unreachable) {
            throw new IllegalStateException("cannot read where a session lives", unreachable);
          }
        },
        reads);
  }
}
