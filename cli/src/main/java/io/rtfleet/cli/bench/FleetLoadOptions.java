package io.rtfleet.cli.bench;

import picocli.CommandLine.Option;

/** The load and handoff settings of the scenarios that run an operation on a local fleet. */
public final class FleetLoadOptions {
  @Option(
      names = "--sessions",
      description = "Identified sessions, one user each (default: ${DEFAULT-VALUE}).")
  int sessions = 300;

  @Option(
      names = "--small-guilds",
      description = "Guilds; each session is in one (default: ${DEFAULT-VALUE}).")
  int smallGuilds = 60;

  @Option(
      names = "--batch-slots",
      description = "Slots handed off in one handoff (default: ${DEFAULT-VALUE}).")
  int batchSlots = 256;

  @Option(
      names = "--keep-logs",
      description =
          "Keep the nodes' logs after the run and print where (a failed run keeps them anyway).")
  boolean keepLogs;

  /** Checks the settings, and that the scenario starts its own fleet of two nodes or more. */
  void validate(String scenario, TargetOptions target) {
    Arguments.atLeast("--sessions", sessions, 1);
    Arguments.atLeast("--small-guilds", smallGuilds, 1);
    Arguments.atLeast("--batch-slots", batchSlots, 1);
    if (target.url != null || target.nodes < 2) {
      throw new IllegalArgumentException(
          scenario + " starts its own fleet: give --nodes 2 or more, and no --url");
    }
  }
}
