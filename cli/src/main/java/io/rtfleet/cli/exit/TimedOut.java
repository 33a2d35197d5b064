package io.rtfleet.cli.exit;

/** A wait ran out before the operation was done: exit code {@link ExitCodes#TIMED_OUT}. */
public final class TimedOut extends RuntimeException {
  public TimedOut(String message) {
    super(message);
  }
}
