package io.rtfleet.node.lanes;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A guild lane's one thread. The hand-off of a task's deliveries to the event loops waits until the
 * task ends, so that what else the task completes reaches an event loop first: above all the REST
 * answer to the write that made the event, which would otherwise queue on its connection's event
 * loop behind the writing of the event to every session there. Deliveries keep their order: one
 * thread, one list, handed out in the order they were decided, from an immutable snapshot of the
 * subscribers taken when decided.
 */
public final class LaneExecutor extends ThreadPoolExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(LaneExecutor.class);
  private static final ThreadLocal<List<Runnable>> AT_TASK_END = new ThreadLocal<>();

  private final List<Runnable> atTaskEnd = new ArrayList<>();

  public LaneExecutor(ThreadFactory thread) {
    super(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), thread);
    // The lane's thread knows its list from its start: nothing to set or clear per task.
    setThreadFactory(
        worker ->
            thread.newThread(
                () -> {
                  AT_TASK_END.set(atTaskEnd);
                  worker.run();
                }));
  }

  /**
   * Runs {@code handOut} when the lane task running on this thread ends; false, doing nothing, when
   * this thread is no lane's (the caller then runs it at once). A lane's thread runs nothing but
   * its tasks, so whatever calls this on it is inside one.
   */
  static boolean atTaskEnd(Runnable handOut) {
    List<Runnable> pending = AT_TASK_END.get();
    if (pending == null) {
      return false;
    }
    pending.add(handOut);
    return true;
  }

  @Override
  protected void afterExecute(Runnable task, Throwable failure) {
    for (Runnable handOut : atTaskEnd) {
      try {
        handOut.run();
      } catch (RuntimeException refused) {
        // an event loop that is shutting down: its sessions are being closed anyway
        LOG.debug("a delivery was not handed out: {}", refused.toString());
      }
    }
    atTaskEnd.clear();
  }
}
