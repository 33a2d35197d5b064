package io.rtfleet.cli.bench;

import io.rtfleet.api.protocol.Intent;
import io.rtfleet.cli.bench.report.BenchReport;
import io.rtfleet.cli.client.Target;
import io.rtfleet.cli.exit.ExitCodes;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "connect",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Identify storm and idle memory: opens S identified idle sessions at up to a given rate, holds"
          + " them, and reports identifies/s, failures, and the node's heap and RSS per session (from"
          + " its metrics, heap measured after a collection), then closes them. With --warmup,"
          + " unmeasured rounds first identify every session once each, for at least that many"
          + " seconds, so that both JVMs are warm (the once-per-connection path compiled)."
    },
    footer = {"", "Example: rtctl bench connect --sessions 15000 --rate 0 --hold 10"})
public final class ConnectCommand implements Callable<Integer> {
  /** The node allows one identify per user and bucket in this window (Discord's 5 s, plus one). */
  private static final int IDENTIFY_WINDOW_SECONDS = 6;

  @Spec CommandSpec spec;
  @Mixin TargetOptions targetOptions;
  @Mixin RunOptions run;

  @Option(names = "--sessions", description = "Sessions to open (default: ${DEFAULT-VALUE}).")
  int sessions = 1000;

  @Option(
      names = "--rate",
      description =
          "Connects per second; 0 for as fast as the node takes them (default: ${DEFAULT-VALUE}).")
  int rate = 0;

  @Option(
      names = "--guilds",
      description = "Guilds the sessions are spread over (default: ${DEFAULT-VALUE}).")
  int guilds = 10;

  @Option(
      names = "--hold",
      description =
          "Seconds to hold the sessions before measuring memory (default: ${DEFAULT-VALUE}).")
  int holdSeconds = 5;

  @Override
  public Integer call() throws Exception {
    run.validate();
    Arguments.atLeast("--sessions", sessions, 1);
    Arguments.atLeast("--rate", rate, 0);
    Arguments.atLeast("--guilds", guilds, 1);
    Arguments.atLeast("--hold", holdSeconds, 0);
    PrintWriter err = spec.commandLine().getErr();
    try (TargetOptions.Opened opened = targetOptions.open()) {
      Target target = opened.target();
      err.printf("setting up %d users on %s%n", sessions, target.url());
      Population population =
          Population.create(
              target, sessions, 0, guilds, "connect" + System.nanoTime() % 100000, err);
      warmUp(target, population, err);
      double heapBefore = target.admin().collectGarbage().join().heapUsedBytes();
      double rssBefore = Target.sample(target.metrics(), "process_resident_memory_bytes");
      try (LoadRun load = new LoadRun(target, population, run.clientThreads, err)) {
        double seconds = load.connectAll(Intent.GUILDS, 0, rate, 300);
        err.printf(
            "%d sessions identified in %.2f s; holding %d s%n", sessions, seconds, holdSeconds);
        err.flush();
        TimeUnit.SECONDS.sleep(holdSeconds);
        double heapAfter = target.admin().collectGarbage().join().heapUsedBytes();
        double rssAfter = Target.sample(target.metrics(), "process_resident_memory_bytes");
        new BenchReport("connect")
            .put("sessions", sessions)
            .put("identifySeconds", seconds)
            .put("identifiesPerSecond", sessions / seconds)
            .put("identified", load.stats.identified.get())
            .put("failures", load.stats.identifyFailures.get() + load.stats.reidentified.get())
            .put("heapPerSessionBytes", (heapAfter - heapBefore) / sessions)
            .put("rssPerSessionBytes", (rssAfter - rssBefore) / sessions)
            .put("heapUsedBytes", heapAfter)
            .put("rssBytes", rssAfter)
            .print(spec.commandLine().getOut(), run.json());
        return load.stats.identified.get() == sessions ? ExitCodes.OK : ExitCodes.FAILED;
      }
    }
  }

  /**
   * Rounds that identify every session once, until --warmup seconds have passed. Code that runs
   * once per connection is only compiled by C2 after some 15,000 calls, so one round of 15,000
   * sessions leaves both JVMs still compiling through the measured round (C2 took 30% of the CPU
   * there). After each round, waits out the per-user identify window.
   */
  private void warmUp(Target target, Population population, PrintWriter err)
      throws InterruptedException {
    if (run.warmupSeconds == 0) {
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(run.warmupSeconds);
    int round = 0;
    do {
      err.printf("warmup round %d: identifying every session once%n", ++round);
      err.flush();
      try (LoadRun warmup = new LoadRun(target, population, run.clientThreads, err)) {
        warmup.connectAll(Intent.GUILDS, 0, rate, 300);
      }
      TimeUnit.SECONDS.sleep(IDENTIFY_WINDOW_SECONDS);
    } while (System.nanoTime() < deadline);
  }
}
