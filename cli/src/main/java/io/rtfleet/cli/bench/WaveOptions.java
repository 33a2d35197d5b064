package io.rtfleet.cli.bench;

import picocli.CommandLine.Option;

/** How a draining node sends its sessions away: op 7 to this many at a time, this far apart. */
public final class WaveOptions {
  @Option(
      names = "--wave-size",
      description = "Sessions asked to reconnect per wave (default: ${DEFAULT-VALUE}).")
  int waveSize = 500;

  @Option(
      names = "--wave-interval-ms",
      description = "Pause between waves (default: ${DEFAULT-VALUE}).")
  int waveIntervalMs = 100;

  void validate() {
    Arguments.atLeast("--wave-size", waveSize, 1);
    Arguments.atLeast("--wave-interval-ms", waveIntervalMs, 0);
  }
}
