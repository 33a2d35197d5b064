package io.rtfleet.node.lanes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A lane task's hand-outs run as it ends, after what it completed, in the order decided. */
class LaneExecutorTest {
  @Test
  void handOutsWaitForTheTasksEndAndKeepTheirOrder() throws Exception {
    LaneExecutor lane = new LaneExecutor(Executors.defaultThreadFactory());
    List<String> seen = new CopyOnWriteArrayList<>();
    try {
      CompletableFuture<String> answer = new CompletableFuture<>();
      answer.thenAccept(done -> seen.add("answer"));
      CompletableFuture.runAsync(
              () -> {
                assertThat(LaneExecutor.atTaskEnd(() -> seen.add("first"))).isTrue();
                assertThat(LaneExecutor.atTaskEnd(() -> seen.add("second"))).isTrue();
                answer.complete("ok");
                seen.add("task done");
              },
              lane)
          .get(5, TimeUnit.SECONDS);
      CompletableFuture.runAsync(() -> seen.add("next task"), lane).get(5, TimeUnit.SECONDS);

      assertThat(seen).containsExactly("answer", "task done", "first", "second", "next task");
    } finally {
      lane.shutdownNow();
    }
  }

  @Test
  void offALaneThereIsNoTaskToWaitFor() {
    assertThat(LaneExecutor.atTaskEnd(() -> {})).isFalse();
  }
}
