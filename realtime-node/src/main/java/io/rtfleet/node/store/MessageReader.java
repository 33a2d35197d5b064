package io.rtfleet.node.store;

import io.rtfleet.node.model.Message;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import javax.sql.DataSource;

/**
 * Reads committed messages, off the event loops and lanes, on its own small thread pool: message
 * history is not kept in memory. Each reader thread keeps one connection open.
 */
public final class MessageReader {
  private static final String COLUMNS = "id, channel_id, guild_id, author_id, content, edited_at";

  private final DataSource dataSource;
  private final ExecutorService executor;
  private final ThreadLocal<Connection> connections = new ThreadLocal<>();

  public MessageReader(DataSource dataSource, ExecutorService executor) {
    this.dataSource = dataSource;
    this.executor = executor;
  }

  public CompletableFuture<Optional<Message>> find(long channelId, long messageId) {
    return query(
            "SELECT " + COLUMNS + " FROM messages WHERE id = ? AND channel_id = ?",
            statement -> {
              statement.setLong(1, messageId);
              statement.setLong(2, channelId);
            })
        .thenApply(found -> found.stream().findFirst());
  }

  /**
   * Messages of a channel, newest first, as Discord's GET messages: before and after are exclusive
   * bounds on the id (0 when absent).
   */
  public CompletableFuture<List<Message>> list(long channelId, int limit, long before, long after) {
    String sql =
        after > 0 && before == 0
            ? "SELECT * FROM (SELECT "
                + COLUMNS
                + " FROM messages WHERE channel_id = ? AND id > ?"
                + " AND id < ? ORDER BY id ASC LIMIT ?) oldest_first ORDER BY id DESC"
            : "SELECT "
                + COLUMNS
                + " FROM messages WHERE channel_id = ? AND id > ? AND id < ?"
                + " ORDER BY id DESC LIMIT ?";
    return query(
        sql,
        statement -> {
          statement.setLong(1, channelId);
          statement.setLong(2, after);
          statement.setLong(3, before > 0 ? before : Long.MAX_VALUE);
          statement.setInt(4, limit);
        });
  }

  private Connection connection() throws SQLException {
    Connection connection = connections.get();
    if (connection == null || connection.isClosed()) {
      connection = dataSource.getConnection();
      connections.set(connection);
    }
    return connection;
  }

  private interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  private CompletableFuture<List<Message>> query(String sql, Binder binder) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (PreparedStatement statement = connection().prepareStatement(sql)) {
            binder.bind(statement);
            List<Message> messages = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
              while (rows.next()) {
                Timestamp edited = rows.getTimestamp(6);
                messages.add(
                    new Message(
                        rows.getLong(1),
                        rows.getLong(2),
                        rows.getLong(3),
                        rows.getLong(4),
                        rows.getString(5),
                        edited == null ? null : edited.toInstant(),
                        null));
              }
            }
            return messages;
          } catch (SQLException failed) {
            connections.remove();
            throw new CompletionException(failed);
          }
        },
        executor);
  }
}
