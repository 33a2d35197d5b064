package io.rtfleet.cli.exit;

/**
 * What {@code rtctl} exits with, so that scripts can tell a finding from a failure: a benchmark
 * whose checker found lost, repeated or reordered events (1) is a result about the system; a run
 * that could not be carried out at all (3: a node that did not start, an unreachable API) is not.
 */
public final class ExitCodes {
  public static final int OK = 0;

  /** The checker found a fault: an event lost, repeated or reordered, or an expectation unmet. */
  public static final int FAULT_FOUND = 1;

  /** The command line was wrong. */
  public static final int USAGE = 2;

  /** rtctl could not do what it was asked. */
  public static final int FAILED = 3;

  private ExitCodes() {}
}
