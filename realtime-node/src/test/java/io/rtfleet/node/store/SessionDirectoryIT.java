package io.rtfleet.node.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtfleet.node.testing.SharedPostgres;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The session directory against a real PostgreSQL: where moved sessions are, read in batches. */
class SessionDirectoryIT {
  private final ExecutorService lookupThread = Executors.newSingleThreadExecutor();
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger queries = new AtomicInteger();
  private Database database;
  private GroupCommitter committer;
  private SharedConnection connection;
  private SessionDirectory directory;

  @BeforeEach
  void start() {
    database = Database.external(SharedPostgres.newDatabase(), null);
    committer = new GroupCommitter(database.dataSource(), 512, seconds -> {}, System::nanoTime);
    connection = new SharedConnection(database.dataSource());
    // Each task the directory hands its thread is one query; the first waits for the release so
    // that the test can ask many lookups while one is being answered.
    directory =
        new SessionDirectory(
            committer,
            connection,
            task -> {
              queries.incrementAndGet();
              lookupThread.execute(
                  () -> {
                    awaitRelease();
                    task.run();
                  });
            },
            Clock.systemUTC());
  }

  @AfterEach
  void stop() throws Exception {
    release.countDown();
    lookupThread.shutdownNow();
    connection.close();
    committer.close();
    database.close();
  }

  @Test
  void lookupsAskedWhileOneIsAnsweredAreAnsweredTogetherEachWithItsOwnPlace() throws Exception {
    for (int i = 0; i < 100; i++) {
      directory.movedTo("node-1.moved-" + i, "node-" + (2 + i % 2)).get(10, TimeUnit.SECONDS);
    }
    directory.ended("node-1.moved-7").get(10, TimeUnit.SECONDS);

    List<CompletableFuture<Optional<String>>> moved = new ArrayList<>();
    List<CompletableFuture<Optional<String>>> unknown = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      moved.add(directory.locate("node-1.moved-" + i));
      unknown.add(directory.locate("node-1.never-moved-" + i));
    }
    release.countDown();

    for (int i = 0; i < 100; i++) {
      Optional<String> expected = i == 7 ? Optional.empty() : Optional.of("node-" + (2 + i % 2));
      assertThat(moved.get(i).get(10, TimeUnit.SECONDS)).as("session %d", i).isEqualTo(expected);
      assertThat(unknown.get(i).get(10, TimeUnit.SECONDS)).isEmpty();
    }
    assertThat(queries).hasValue(1);
  }

  @Test
  void moreLookupsThanOneQueryTakesAreAnsweredByAsManyQueriesAsNeeded() throws Exception {
    directory.movedTo("node-1.last", "node-3").get(10, TimeUnit.SECONDS);
    List<CompletableFuture<Optional<String>>> lookups = new ArrayList<>();
    for (int i = 0; i < 2_500; i++) {
      lookups.add(directory.locate("node-1.session-" + i));
    }
    CompletableFuture<Optional<String>> last = directory.locate("node-1.last");
    release.countDown();

    assertThat(last.get(10, TimeUnit.SECONDS)).contains("node-3");
    for (CompletableFuture<Optional<String>> lookup : lookups) {
      assertThat(lookup.get(10, TimeUnit.SECONDS)).isEmpty();
    }
    assertThat(queries).hasValue(3);
  }

  private void awaitRelease() {
    try {
      release.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
