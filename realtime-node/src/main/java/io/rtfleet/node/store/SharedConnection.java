package io.rtfleet.node.store;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * One database connection kept open for the node's occasional reads (placement epochs, guild loads
 * during a handoff): opening a connection costs more than such a query, and it would be paid while
 * a handoff holds writes. Callers take turns; a broken connection is replaced on next use.
 */
public final class SharedConnection implements AutoCloseable {
  /** Work done with the connection. */
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final DataSource dataSource;
  private Connection connection;

  public SharedConnection(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Runs {@code work} in its own transaction on the shared connection; once more on a new
   * connection when the connection turns out broken (checking it first would cost a round trip on
   * every call), so work must be safe to repeat: reads, or writes that are idempotent.
   */
  public synchronized <T> T transaction(Work<T> work) throws SQLException {
    try {
      return attempt(work);
    } catch (SQLException failed) {
      if (!isConnectionFailure(failed)) {
        throw failed;
      }
      return attempt(work);
    }
  }

  /** SQL state class 08: connection exception. */
  private static boolean isConnectionFailure(SQLException failed) {
    return failed.getSQLState() != null && failed.getSQLState().startsWith("08");
  }

  private <T> T attempt(Work<T> work) throws SQLException {
    if (connection == null) {
      connection = dataSource.getConnection();
      connection.setAutoCommit(false);
    }
    try {
      T result = work.run(connection);
      connection.commit();
      return result;
    } catch (SQLException failed) {
      if (isConnectionFailure(failed)) {
        close();
        throw failed;
      }
      try {
        connection.rollback();
      } catch (SQLException broken) {
        close();
      }
      throw failed;
    }
  }

  @Override
  public synchronized void close() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // a broken connection has nothing left to report
      }
      connection = null;
    }
  }
}
