package io.rtfleet.cli.bench;

import io.rtfleet.api.admin.ReconnectRequest;
import io.rtfleet.api.protocol.Intent;
import io.rtfleet.cli.bench.check.Verdict;
import io.rtfleet.cli.bench.load.LoadSession;
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
    name = "resume",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Reconnect storm under traffic: S sessions receive messages; after the warmup the node sends"
          + " op 7 to all of them; every client reconnects and RESUMEs. Reports the time until all"
          + " resumed and the checker's verdict. Exits 1 on any loss, duplicate or reorder."
    },
    footer = {"", "Example: rtctl bench resume --sessions 10000 --rate 20 --duration 30"})
public final class ResumeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin TargetOptions targetOptions;
  @Mixin RunOptions run;
  @Mixin TrafficOptions traffic;

  @Option(
      names = "--sessions",
      description = "Sessions, all in one giant guild (default: ${DEFAULT-VALUE}).")
  int sessions = 1000;

  @Option(
      names = "--small-guilds",
      description = "Small guilds; each session is in one too (default: ${DEFAULT-VALUE}).")
  int smallGuilds = 50;

  @Override
  public Integer call() throws Exception {
    run.validate();
    traffic.validate();
    Arguments.atLeast("--sessions", sessions, 1);
    Arguments.atLeast("--small-guilds", smallGuilds, 0);
    PrintWriter err = spec.commandLine().getErr();
    try (TargetOptions.Opened opened = targetOptions.open()) {
      Target target = opened.target();
      err.printf("setting up %d sessions on %s%n", sessions, target.url());
      Population population =
          Population.create(
              target, sessions, sessions, smallGuilds, "resume" + System.nanoTime() % 100000, err);
      try (LoadRun load = new LoadRun(target, population, run.clientThreads, err)) {
        load.connectAll(
            Intent.GUILDS | Intent.GUILD_MESSAGES | Intent.MESSAGE_CONTENT,
            traffic.publishers,
            2000,
            300);
        load.startPublishers(
            traffic.publishers,
            traffic.rate,
            0.5,
            traffic.payloadBytes,
            run.warmupSeconds + run.durationSeconds,
            run.seed);
        TimeUnit.SECONDS.sleep(run.warmupSeconds);
        long started = System.nanoTime();
        target.admin().reconnect(new ReconnectRequest(null)).join();
        err.println("op 7 sent to all sessions; waiting for them to resume");
        err.flush();
        boolean all =
            LoadRun.await(
                () ->
                    load.sessions.stream().allMatch(s -> s.resumedOnce() || !s.ready())
                        && load.stats.resumed.get() + load.stats.reidentified.get() >= sessions,
                120);
        double resumeSeconds = (System.nanoTime() - started) / 1e9;
        err.printf(
            "%s after %.2f s; traffic continues%n",
            all ? "all resumed" : "NOT all resumed", resumeSeconds);
        err.flush();
        LoadRun.await(load::publishersDone, run.durationSeconds + 60L);
        load.settle(30);
        Verdict verdict = load.checker.verdict();
        long resumed = load.sessions.stream().filter(LoadSession::resumedOnce).count();
        new BenchReport("resume")
            .put("sessions", sessions)
            .put("resumeSeconds", resumeSeconds)
            .put("resumed", resumed)
            .put("reidentified", load.stats.reidentified.get())
            .put(
                "deliveriesPerSecond",
                verdict.delivered() / (double) (run.warmupSeconds + run.durationSeconds))
            .latency("latencyMs", load.stats.deliveryLatencyMicros.intervalHistogram())
            .put("accepted", load.checker.acceptedCount())
            .put("delivered", verdict.delivered())
            .put("lost", verdict.lost())
            .put("duplicated", verdict.duplicated())
            .put("reordered", verdict.reordered())
            .put("seqGaps", verdict.seqGaps())
            .put("verdict", verdict.clean() && all ? "PASS" : "FAIL")
            .print(spec.commandLine().getOut(), run.json());
        return verdict.clean() && all ? ExitCodes.OK : ExitCodes.FAILED;
      }
    }
  }
}
