package io.rtfleet.node.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where moved sessions live, in the shared database: written by the node a session moves to,
 * deleted by the node where it ends, read by a node whose client resumes a session that is neither
 * here nor at its home.
 */
public final class SessionDirectory {
  private static final int MAX_LOOKUPS_PER_QUERY = 1_000;

  private final GroupCommitter committer;
  private final SharedConnection database;
  private final Executor reads;
  private final Clock clock;
  private final Queue<Lookup> waiting = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean answering = new AtomicBoolean();

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

  /**
   * The node the session moved to last, if it moved. Lookups asked for while one is being answered
   * wait and are answered together by one query: a node's death sends its thousand clients to
   * resume elsewhere at once, and one query per client would keep the database busy just when the
   * survivors load the dead node's guilds from it.
   */
  public CompletableFuture<Optional<String>> locate(String sessionId) {
    Lookup lookup = new Lookup(sessionId, new CompletableFuture<>());
    waiting.add(lookup);
    answerSoon();
    return lookup.answer();
  }

  private void answerSoon() {
    if (answering.compareAndSet(false, true)) {
      try {
        reads.execute(this::answerWaiting);
      } catch (RejectedExecutionException closing) {
        answering.set(false);
        failWaiting(closing);
      }
    }
  }

  private void answerWaiting() {
    List<Lookup> batch = new ArrayList<>();
    for (Lookup next; batch.size() < MAX_LOOKUPS_PER_QUERY && (next = waiting.poll()) != null; ) {
      batch.add(next);
    }
    try {
      Map<String, String> found = locations(batch);
      batch.forEach(l -> l.answer().complete(Optional.ofNullable(found.get(l.sessionId()))));
    } catch (SQLException | RuntimeException failure) {
      IllegalStateException unreadable =
          new IllegalStateException("cannot read where a session lives", failure);
      batch.forEach(l -> l.answer().completeExceptionally(unreadable));
    } finally {
      answering.set(false);
    }
    if (!waiting.isEmpty()) {
      answerSoon();
    }
  }

  private Map<String, String> locations(List<Lookup> batch) throws SQLException {
    String[] ids = batch.stream().map(Lookup::sessionId).toArray(String[]::new);
    return database.transaction(
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT session_id, node_id FROM session_locations WHERE session_id = ANY(?)")) {
            query.setArray(1, connection.createArrayOf("text", ids));
            Map<String, String> found = new HashMap<>();
            try (ResultSet rows = query.executeQuery()) {
              while (rows.next()) {
                found.put(rows.getString(1), rows.getString(2));
              }
            }
            return found;
          }
        });
  }

  private void failWaiting(Throwable failure) {
    for (Lookup next; (next = waiting.poll()) != null; ) {
      next.answer().completeExceptionally(failure);
    }
  }

  private record Lookup(String sessionId, CompletableFuture<Optional<String>> answer) {}
}
