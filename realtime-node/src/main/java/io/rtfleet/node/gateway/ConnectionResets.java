package io.rtfleet.node.gateway;

import io.rtfleet.node.limit.LogThrottle;
import io.rtfleet.node.metrics.NodeMetrics;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clients that hang up mid-connection (a reset, a broken pipe): normal at scale, when a load client
 * or a phone goes away, so they are counted in a metric and logged as one line a minute at most,
 * never as a stack trace per connection.
 */
public final class ConnectionResets {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionResets.class);

  private final NodeMetrics metrics;
  private final LogThrottle throttle;

  public ConnectionResets(NodeMetrics metrics, LongSupplier nanoClock) {
    this.metrics = metrics;
    this.throttle = new LogThrottle(TimeUnit.MINUTES.toNanos(1), nanoClock);
  }

  /**
   * True when {@code cause} is a connection's I/O failing, now counted; false for anything else.
   */
  boolean counted(Throwable cause) {
    if (!(cause instanceof IOException)) {
      return false;
    }
    metrics.connectionReset();
    long notLogged = throttle.occurred();
    if (notLogged >= 0) {
      LOG.info(
          "a client connection failed: {}{}",
          cause.getMessage(),
          notLogged > 0 ? " (and " + notLogged + " more since the last such line)" : "");
    }
    return true;
  }
}
