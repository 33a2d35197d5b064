package io.rtfleet.node.gateway;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Coalesces dispatch flushes per event loop. Each flush of a socket is a system call, and at
 * hundreds of thousands of deliveries per second system calls are the cost: so connections that
 * were written to are flushed together once the event loop has run the tasks already queued (and,
 * with a delay, after waiting that long). When fan-out tasks pile up under load, several dispatches
 * to a socket leave in one write; when idle, a flush follows its dispatch at once. Confined to its
 * event loop.
 */
public final class FlushBatcher {
  private final EventLoop loop;
  private final long delayNanos;
  private final List<GatewayConnection> dirty = new ArrayList<>();
  private final Runnable flushAll = this::flushAll;
  private boolean scheduled;

  private FlushBatcher(EventLoop loop, long delayNanos) {
    this.loop = loop;
    this.delayNanos = delayNanos;
  }

  /** One batcher per event loop, created on first use. */
  public static final class PerLoop {
    private final Map<EventLoop, FlushBatcher> batchers = new ConcurrentHashMap<>();
    private final long delayNanos;

    public PerLoop(long delayNanos) {
      this.delayNanos = delayNanos;
    }

    FlushBatcher of(EventLoop loop) {
      return batchers.computeIfAbsent(loop, l -> new FlushBatcher(l, delayNanos));
    }
  }

  /** Flushes {@code connection} with the next batch; call on its event loop. */
  void flushSoon(GatewayConnection connection) {
    dirty.add(connection);
    if (!scheduled) {
      scheduled = true;
      if (delayNanos > 0) {
        loop.schedule(flushAll, delayNanos, TimeUnit.NANOSECONDS);
      } else {
        loop.execute(flushAll);
      }
    }
  }

  private void flushAll() {
    scheduled = false;
    for (int i = 0; i < dirty.size(); i++) {
      dirty.get(i).flushNow();
    }
    dirty.clear();
  }
}
