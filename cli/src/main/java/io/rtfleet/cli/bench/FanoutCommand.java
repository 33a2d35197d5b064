package io.rtfleet.cli.bench;

import io.rtfleet.api.protocol.Intent;
import io.rtfleet.cli.bench.check.Verdict;
import io.rtfleet.cli.bench.report.BenchReport;
import io.rtfleet.cli.client.Target;
import io.rtfleet.cli.exit.ExitCodes;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "fanout",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Fan-out under load: S sessions over one giant guild and many small ones, P publishers posting"
          + " stamped messages through REST at R messages/s. Reports deliveries/s, publish-to-delivery"
          + " latency and the checker's verdict (lost, duplicated, reordered).",
      "Exits 1 when the checker finds any loss, duplicate or reorder, 3 when the run cannot be carried out."
    },
    footer = {
      "",
      "Example: rtctl bench fanout --sessions 10000 --small-guilds 500 --rate 30 --giant-share 0.9 --duration 60"
    })
public final class FanoutCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin TargetOptions targetOptions;
  @Mixin RunOptions run;
  @Mixin TrafficOptions traffic;

  @Option(
      names = "--sessions",
      description = "Identified sessions, one user each (default: ${DEFAULT-VALUE}).")
  int sessions = 1000;

  @Option(
      names = "--giant-members",
      description = "Sessions in the giant guild; -1 for all (default: ${DEFAULT-VALUE}).")
  int giantMembers = -1;

  @Option(
      names = "--small-guilds",
      description = "Small guilds; each session is in one (default: ${DEFAULT-VALUE}).")
  int smallGuilds = 100;

  @Option(
      names = "--giant-share",
      description = "Share of messages posted to the giant guild (default: ${DEFAULT-VALUE}).")
  double giantShare = 0.5;

  @Option(
      names = "--connect-rate",
      description =
          "Session connects per second while setting up; 0 for no limit (default: ${DEFAULT-VALUE}).")
  int connectRate = 2000;

  @Override
  public Integer call() throws Exception {
    run.validate();
    traffic.validate();
    Arguments.atLeast("--sessions", sessions, 1);
    Arguments.atLeast("--small-guilds", smallGuilds, 0);
    Arguments.between("--giant-share", giantShare, 0, 1);
    Arguments.atLeast("--connect-rate", connectRate, 0);
    if (giantMembers == 0 && smallGuilds == 0) {
      throw new IllegalArgumentException(
          "no guild to post to: give --giant-members or --small-guilds");
    }
    PrintWriter err = spec.commandLine().getErr();
    int giant = giantMembers < 0 ? sessions : Math.min(giantMembers, sessions);
    try (TargetOptions.Opened opened = targetOptions.open()) {
      Target target = opened.target();
      err.printf("setting up %d sessions on %s%n", sessions, target.url());
      Population population =
          Population.create(
              target,
              sessions,
              giant,
              smallGuilds,
              "fanout" + run.seed + "x" + System.nanoTime() % 100000,
              err);
      try (LoadRun load = new LoadRun(target, population, run.clientThreads, err)) {
        int intents = Intent.GUILDS | Intent.GUILD_MESSAGES | Intent.MESSAGE_CONTENT;
        double connectSeconds = load.connectAll(intents, traffic.publishers, connectRate, 300);
        err.printf("%d sessions ready in %.1f s; publishing%n", sessions, connectSeconds);
        err.flush();
        // Without a giant guild, guild 0 is just another small guild: spread evenly.
        double share = giant > 0 ? giantShare : 1.0 / population.guilds().size();
        load.startPublishers(
            traffic.publishers,
            traffic.rate,
            share,
            traffic.payloadBytes,
            // a little past the measured window, which the per-second progress stretches
            run.warmupSeconds + run.durationSeconds + 2,
            run.seed);
        TimeUnit.SECONDS.sleep(run.warmupSeconds);
        load.stats.deliveryLatencyMicros.intervalHistogram();
        load.stats.publishLatencyMicros.intervalHistogram();
        long deliveries0 = load.stats.deliveries.sum();
        long published0 = load.stats.published.get();
        // A dev fleet's nodes sit behind its balancer and may be replaced meanwhile: no one
        // node's CPU is the fleet's.
        boolean oneNode = targetOptions.dev == null;
        double cpu0 = oneNode ? NodeCpu.seconds(target) : Double.NaN;
        long started = System.nanoTime();
        Histogram latency = new Histogram(3);
        for (int second = 1; second <= run.durationSeconds; second++) {
          long before = load.stats.deliveries.sum();
          TimeUnit.SECONDS.sleep(1);
          Histogram interval = load.stats.deliveryLatencyMicros.intervalHistogram();
          latency.add(interval);
          err.printf(
              "  t=%3ds  deliveries/s %,10d  published %,8d  p99 %6.1f ms%n",
              second,
              load.stats.deliveries.sum() - before,
              load.stats.published.get(),
              interval.getValueAtPercentile(99) / 1000.0);
          err.flush();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpu = oneNode ? NodeCpu.seconds(target) - cpu0 : Double.NaN;
        long delivered = load.stats.deliveries.sum() - deliveries0;
        long published = load.stats.published.get() - published0;
        Histogram publishLatency = load.stats.publishLatencyMicros.intervalHistogram();
        LoadRun.await(load::publishersDone, 30);
        load.settle(30);
        Verdict verdict = load.checker.verdict();
        new BenchReport("fanout")
            .put("sessions", sessions)
            .put("giantMembers", giant)
            .put("smallGuilds", smallGuilds)
            .put("publishers", traffic.publishers)
            .put("targetRate", traffic.rate)
            .put("durationSeconds", run.durationSeconds)
            .put("deliveriesPerSecond", delivered / seconds)
            .put("acceptedPerSecond", published / seconds)
            .latency("latencyMs", latency)
            .latency("publishLatencyMs", publishLatency)
            .put("nodeCpuCores", Double.isNaN(cpu) ? null : cpu / seconds)
            .put(
                "nodeCpuMicrosPerDelivery",
                Double.isNaN(cpu) || delivered == 0 ? null : cpu * 1e6 / delivered)
            .put("accepted", load.checker.acceptedCount())
            .put("delivered", verdict.delivered())
            .put("lost", verdict.lost())
            .put("duplicated", verdict.duplicated())
            .put("reordered", verdict.reordered())
            .put("seqGaps", verdict.seqGaps())
            .put("resumed", load.stats.resumed.get())
            .put("reidentified", load.stats.reidentified.get())
            .put("publishFailures", load.stats.publishFailures.get())
            .put("publishFailureReasons", load.stats.publishFailureReasons)
            .put("verdict", verdict.clean() ? "PASS" : "FAIL")
            .print(spec.commandLine().getOut(), run.json());
        return verdict.clean() ? ExitCodes.OK : ExitCodes.FAILED;
      }
    }
  }
}
