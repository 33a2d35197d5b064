package io.rtfleet.node.lifecycle;

import io.rtfleet.api.admin.DrainRequest;
import io.rtfleet.api.admin.DrainStatus;
import io.rtfleet.node.session.Session;
import io.rtfleet.node.session.SessionRegistry;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The node's side of a drain. Asked to drain, the node turns unready at once ({@link
 * NodeLifecycle#drain}); while its slots are moved away its sessions stay. Asked to reconnect them,
 * it waits until the readiness delay has passed since it turned unready (so that load balancers,
 * which poll readiness every few seconds, no longer send clients here), then every wave interval
 * sends op 7 to at most a wave of attached sessions not yet asked on their current connection. A
 * session that attaches again while the node drains (its balancer ignored readiness, or had not
 * noticed) is asked again at the next wave; the node is drained once none is attached, and draining
 * again should one come back.
 */
public final class Drainer {
  private final SessionRegistry sessions;
  private final NodeLifecycle lifecycle;
  private final ScheduledExecutorService scheduler;
  private final LongSupplier nanoClock;
  private int sessionsAtStart;
  private int signalled;
  private ScheduledFuture<?> waves;

  public Drainer(
      SessionRegistry sessions,
      NodeLifecycle lifecycle,
      ScheduledExecutorService scheduler,
      LongSupplier nanoClock) {
    this.sessions = sessions;
    this.lifecycle = lifecycle;
    this.scheduler = scheduler;
    this.nanoClock = nanoClock;
  }

  /**
   * Turns the node unready, and with {@code reconnect} starts the waves; asking again while waves
   * run changes nothing.
   */
  public synchronized DrainStatus start(DrainRequest request) {
    request.checked();
    int waveSize = request.waveSizeOrDefault();
    long interval = request.waveIntervalOrDefault();
    long delay = request.readinessDelayOrDefault();
    lifecycle.drain();
    if (request.reconnectOrDefault() && waves == null) {
      sessionsAtStart = sessions.size();
      long sinceUnready = nanoClock.getAsLong() - lifecycle.unreadySinceNanos();
      long firstWave = Math.max(0, TimeUnit.MILLISECONDS.toNanos(delay) - sinceUnready);
      waves =
          scheduler.scheduleWithFixedDelay(
              () -> wave(waveSize),
              firstWave,
              TimeUnit.MILLISECONDS.toNanos(Math.max(1, interval)),
              TimeUnit.NANOSECONDS);
    }
    return status();
  }

  private synchronized void wave(int waveSize) {
    if (!lifecycle.draining()) {
      return;
    }
    int asked = 0;
    long attached = 0;
    for (Session session : sessions.all()) {
      if (!session.isAttached()) {
        continue;
      }
      attached++;
      if (asked < waveSize && !session.reconnectRequested()) {
        session.executor().execute(session::requestReconnect);
        asked++;
      }
    }
    signalled += asked;
    if (attached == 0) {
      lifecycle.drained();
    } else {
      lifecycle.undrained();
    }
  }

  /** Ends the drain: no more waves; the node is ready again unless it was cordoned before. */
  public synchronized DrainStatus cancel() {
    stopWaves();
    lifecycle.cancelDrain();
    return status();
  }

  public synchronized DrainStatus status() {
    long attached = sessions.all().stream().filter(Session::isAttached).count();
    return new DrainStatus(
        lifecycle.phase(), sessionsAtStart, signalled, attached, sessions.size());
  }

  /** The node stops: no more waves. */
  public synchronized void stop() {
    stopWaves();
  }

  private void stopWaves() {
    if (waves != null) {
      waves.cancel(false);
      waves = null;
    }
  }
}
