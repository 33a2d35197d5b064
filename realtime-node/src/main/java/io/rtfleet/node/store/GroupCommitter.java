package io.rtfleet.node.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.DoubleConsumer;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits writes in groups on one thread so that throughput does not collapse to one fsync per
 * write (group commit).
 *
 * <p>The thread takes every write queued while the previous transaction was committing (up to
 * {@code maxBatch}), runs them in submission order in one transaction, sending runs of the same SQL
 * as JDBC batches (a run of {@link RowInsert}s as one statement), and completes each write's future
 * with its update count. When a group fails, its writes are retried one transaction each, so one
 * bad write fails alone. Futures complete in submission order on the committer thread: callers keep
 * per-guild order by submitting from one lane and must not block in their callbacks.
 */
public final class GroupCommitter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);

  private record Pending(Write write, CompletableFuture<Integer> result) {}

  private final DataSource dataSource;
  private final int maxBatch;
  private final DoubleConsumer commitSeconds;
  private final LongSupplier nanoClock;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean running = true;
  private Connection connection;

  public GroupCommitter(
      DataSource dataSource, int maxBatch, DoubleConsumer commitSeconds, LongSupplier nanoClock) {
    this.dataSource = dataSource;
    this.maxBatch = maxBatch;
    this.commitSeconds = commitSeconds;
    this.nanoClock = nanoClock;
    this.thread = new Thread(this::run, "group-committer");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Queues a write; the future completes with its update count once it is committed. */
  public CompletableFuture<Integer> submit(Write write) {
    CompletableFuture<Integer> result = new CompletableFuture<>();
    if (!running) {
      result.completeExceptionally(new IllegalStateException("committer is closed"));
      return result;
    }
    queue.add(new Pending(write, result));
    return result;
  }

  private void run() {
    List<Pending> group = new ArrayList<>(maxBatch);
    while (running || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        group.add(first);
        queue.drainTo(group, maxBatch - 1);
        commit(group);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        break;
      } finally {
        group.clear();
      }
    }
    closeConnection();
  }

  private void commit(List<Pending> group) {
    long started = nanoClock.getAsLong();
    try {
      int[] counts = execute(group);
      commitSeconds.accept((nanoClock.getAsLong() - started) / 1e9);
      for (int i = 0; i < group.size(); i++) {
        group.get(i).result().complete(counts[i]);
      }
    } catch (SQLException groupFailed) {
      if (group.size() == 1) {
        // Not the exception's message: the driver quotes the statement with its values, which
        // are users' words.
        LOG.warn(
            "write failed with SQLSTATE {}: {}",
            groupFailed.getSQLState(),
            statementHead(group.get(0).write().sql()));
        group.get(0).result().completeExceptionally(groupFailed);
        return;
      }
      for (Pending alone : group) {
        commit(List.of(alone));
      }
    }
  }

  /** The statement's kind and table ("INSERT INTO messages"), never its values. */
  static String statementHead(String sql) {
    int end = sql.indexOf('(');
    return (end < 0 ? sql : sql.substring(0, end)).strip();
  }

  private int[] execute(List<Pending> group) throws SQLException {
    Connection db = connection();
    try {
      int[] counts = new int[group.size()];
      int runStart = 0;
      while (runStart < group.size()) {
        Write first = group.get(runStart).write();
        int runEnd = runStart + 1;
        while (runEnd < group.size() && group.get(runEnd).write().sql().equals(first.sql())) {
          runEnd++;
        }
        List<Pending> run = group.subList(runStart, runEnd);
        if (run.size() > 1 && first instanceof RowInsert insert) {
          insert.table().insertAll(db, run.stream().map(p -> (RowInsert) p.write()).toList());
          Arrays.fill(counts, runStart, runEnd, 1);
        } else {
          try (PreparedStatement statement = db.prepareStatement(first.sql())) {
            for (Pending pending : run) {
              pending.write().bind(statement);
              statement.addBatch();
            }
            int[] runCounts = statement.executeBatch();
            System.arraycopy(runCounts, 0, counts, runStart, runCounts.length);
          }
        }
        runStart = runEnd;
      }
      db.commit();
      return counts;
    } catch (SQLException failed) {
      rollback(db);
      throw failed;
    }
  }

  private Connection connection() throws SQLException {
    if (connection == null || connection.isClosed()) {
      connection = dataSource.getConnection();
      connection.setAutoCommit(false);
    }
    return connection;
  }

  private void rollback(Connection db) {
    try {
      db.rollback();
    } catch (SQLException broken) {
      closeConnection();
    }
  }

  private void closeConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // closing a broken connection has nothing left to report
      }
      connection = null;
    }
  }

  /** Commits what is queued, then stops. */
  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join();
  }
}
