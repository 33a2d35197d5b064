package io.rtfleet.cli.bench;

import picocli.CommandLine.Option;

/** The message traffic of a scenario: publishers, their total rate and the message size. */
public final class TrafficOptions {
  @Option(
      names = "--publishers",
      description =
          "Concurrent publishers, each posting one message at a time (default: ${DEFAULT-VALUE}).")
  int publishers = 4;

  @Option(
      names = "--rate",
      description = "Messages per second, all publishers together (default: ${DEFAULT-VALUE}).")
  double rate = 20;

  @Option(
      names = "--payload-bytes",
      description = "Message content size (default: ${DEFAULT-VALUE}).")
  int payloadBytes = 100;

  /** Refuses settings that cannot make a run, naming the option. */
  void validate() {
    Arguments.atLeast("--publishers", publishers, 1);
    Arguments.positive("--rate", rate);
    Arguments.atLeast("--payload-bytes", payloadBytes, 1);
  }
}
