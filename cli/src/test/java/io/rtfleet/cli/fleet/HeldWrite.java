package io.rtfleet.cli.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;

/**
 * A message post kept in flight on its guild's owner: the test holds a lock on the messages table
 * that the insert waits for, until {@link #close}. A handoff of the guild's slot then stops between
 * the receiver's preparation and the adoption, since the giver waits for the writes in flight.
 */
final class HeldWrite implements AutoCloseable {
  private final Connection database;
  private final CompletableFuture<JsonNode> answer;

  /** Posts {@code content} through node {@code via}; returns once its insert waits for the lock. */
  HeldWrite(TestFleet test, int via, String channel, String content, String token)
      throws SQLException, IOException {
    database =
        DriverManager.getConnection(
            test.fleet().databaseUrl(),
            "postgres",
            Files.readString(test.fleet().databasePasswordFile()).strip());
    database.setAutoCommit(false);
    try (Statement lock = database.createStatement()) {
      lock.execute("LOCK TABLE messages IN SHARE MODE");
    }
    answer = test.post(via, channel, content, token);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> waitingForTheLock() > 0);
  }

  /** The post's answer, once the lock is gone. */
  CompletableFuture<JsonNode> answer() {
    return answer;
  }

  private int waitingForTheLock() throws SQLException {
    try (Statement query = database.createStatement();
        ResultSet waiting =
            query.executeQuery(
                "SELECT count(*) FROM pg_locks"
                    + " WHERE relation = 'messages'::regclass AND NOT granted")) {
      waiting.next();
      return waiting.getInt(1);
    }
  }

  /** Lets the insert go on. */
  @Override
  public void close() throws SQLException {
    database.commit();
    database.close();
  }
}
