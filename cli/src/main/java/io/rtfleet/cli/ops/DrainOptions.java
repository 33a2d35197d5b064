package io.rtfleet.cli.ops;

import picocli.CommandLine.Option;

/** What {@code node drain} and {@code node replace} share: following it, or only planning it. */
final class DrainOptions {
  @Option(
      names = "--wait",
      description = "Wait until it is done (the node empty, or gone), showing each step.")
  boolean wait;

  @Option(
      names = "--dry-run",
      description =
          "Show the slot moves and waves it would make, planned from the fleet as its nodes"
              + " report it now, and change nothing.")
  boolean dryRun;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds = 900;
}
