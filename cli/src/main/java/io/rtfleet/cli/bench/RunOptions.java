package io.rtfleet.cli.bench;

import picocli.CommandLine.Option;

/** How long a scenario runs, how it reports, and its seed. */
public final class RunOptions {
  @Option(names = "--duration", description = "Measured seconds (default: ${DEFAULT-VALUE}).")
  int durationSeconds = 30;

  @Option(
      names = "--warmup",
      description = "Seconds of load before measuring (default: ${DEFAULT-VALUE}).")
  int warmupSeconds = 5;

  @Option(
      names = "--seed",
      description =
          "Seed of every random choice, for a reproducible run (default: ${DEFAULT-VALUE}).")
  long seed = 42;

  @Option(
      names = {"-o", "--output"},
      description =
          "human (progress and a table) or json (one object on the last line) (default: ${DEFAULT-VALUE}).")
  Output output = Output.human;

  @Option(
      names = "--client-threads",
      description = "Event loops of the load generator (default: ${DEFAULT-VALUE}).")
  int clientThreads = 2;

  public enum Output {
    human,
    json
  }

  /** Refuses settings that cannot make a run, naming the option. */
  void validate() {
    Arguments.atLeast("--duration", durationSeconds, 1);
    Arguments.atLeast("--warmup", warmupSeconds, 0);
    Arguments.atLeast("--client-threads", clientThreads, 1);
  }

  public boolean json() {
    return output == Output.json;
  }
}
