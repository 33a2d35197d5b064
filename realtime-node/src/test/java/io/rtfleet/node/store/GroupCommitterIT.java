package io.rtfleet.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtfleet.node.model.Message;
import io.rtfleet.node.testing.SharedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The group committer against a real PostgreSQL: groups, merged row inserts, lone failures. */
class GroupCommitterIT {
  private final AtomicInteger commits = new AtomicInteger();
  private final CountDownLatch holding = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private Database database;
  private GroupCommitter committer;

  @BeforeEach
  void start() {
    database = Database.external(SharedPostgres.newDatabase(), null);
    committer =
        new GroupCommitter(
            database.dataSource(), 512, seconds -> commits.incrementAndGet(), System::nanoTime);
  }

  @AfterEach
  void stop() throws InterruptedException, IOException {
    release.countDown();
    committer.close();
    database.close();
  }

  @Test
  void messagesQueuedTogetherAreInsertedInOneCommitAndEachCountsOneRow() throws Exception {
    CompletableFuture<Integer> held = committer.submit(heldUntilReleased());
    assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
    List<CompletableFuture<Integer>> posts = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      posts.add(committer.submit(GuildWrites.insertMessage(message(i, "post " + i), false)));
    }
    release.countDown();

    assertThat(held.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    for (CompletableFuture<Integer> post : posts) {
      assertThat(post.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    }
    assertThat(commits).hasValue(2);
    assertThat(rows("SELECT count(*) FROM messages")).containsExactly("100");
    assertThat(
            rows("SELECT id, channel_id, guild_id, author_id, content FROM messages WHERE id = 42"))
        .containsExactly("42|1042|2042|3042|post 42");
  }

  @Test
  void aRowThatCannotBeInsertedFailsAloneAndTheRestOfItsGroupCommits() throws Exception {
    committer
        .submit(GuildWrites.insertMessage(message(7, "first"), false))
        .get(10, TimeUnit.SECONDS);
    committer.submit(heldUntilReleased());
    assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Integer> before =
        committer.submit(GuildWrites.insertMessage(message(6, "a"), false));
    CompletableFuture<Integer> duplicate =
        committer.submit(GuildWrites.insertMessage(message(7, "again"), false));
    CompletableFuture<Integer> after =
        committer.submit(GuildWrites.insertMessage(message(8, "b"), false));
    release.countDown();

    assertThat(before.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(after.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    assertThatThrownBy(() -> duplicate.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(SQLException.class)
        .hasMessageContaining("messages_pkey");
    assertThat(rows("SELECT id || '=' || content FROM messages ORDER BY id"))
        .containsExactly("6=a", "7=first", "8=b");
  }

  private static Message message(long id, String content) {
    return new Message(id, 1000 + id, 2000 + id, 3000 + id, content, null, null);
  }

  /**
   * A write that keeps the committer busy until the test releases it, so that the writes submitted
   * meanwhile queue up and are taken as one group.
   */
  private Write heldUntilReleased() {
    return new Write() {
      @Override
      public String sql() {
        return "UPDATE placement_epoch SET epoch = epoch WHERE id = ?";
      }

      @Override
      public void bind(PreparedStatement statement) throws SQLException {
        holding.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
        }
        statement.setInt(1, 1);
      }
    };
  }

  private List<String> rows(String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection db = database.dataSource().getConnection();
        ResultSet result = db.createStatement().executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        List<String> values = new ArrayList<>();
        for (int c = 1; c <= columns; c++) {
          values.add(result.getString(c));
        }
        rows.add(String.join("|", values));
      }
    }
    return rows;
  }
}
