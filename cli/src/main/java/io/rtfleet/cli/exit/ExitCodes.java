package io.rtfleet.cli.exit;

/**
 * What {@code rtctl} exits with, so that scripts can tell why a command did not succeed: the
 * command line was wrong (2), what it names does not exist (4), a wait ran out (3: the operation
 * may still finish), or it failed (1: a benchmark's checker found events lost, repeated or
 * reordered; a rebalance ended without being carried out; an API did not answer).
 */
public final class ExitCodes {
  public static final int OK = 0;

  /** It failed, or found a fault. */
  public static final int FAILED = 1;

  /** The command line was wrong. */
  public static final int USAGE = 2;

  /** A wait (--wait, --timeout) ran out before the operation was done. */
  public static final int TIMED_OUT = 3;

  /** A fleet, node, rebalance or revision the command names does not exist. */
  public static final int NOT_FOUND = 4;

  private ExitCodes() {}

  /** The exit code for a command that failed with {@code failure}. */
  public static int of(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof NotFound) {
        return NOT_FOUND;
      }
      if (cause instanceof TimedOut
          || cause instanceof java.util.concurrent.TimeoutException
          || cause instanceof java.net.SocketTimeoutException) {
        return TIMED_OUT;
      }
      if (cause instanceof IllegalArgumentException) {
        return USAGE;
      }
    }
    return FAILED;
  }
}
