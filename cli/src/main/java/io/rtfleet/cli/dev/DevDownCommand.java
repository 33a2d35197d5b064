package io.rtfleet.cli.dev;

import io.rtfleet.cli.exit.ExitCodes;
import io.rtfleet.cli.launch.Home;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "down",
    mixinStandardHelpOptions = true,
    description = {
      "Stop what 'rtctl dev up' started from --dir: its nodes, the operator, PostgreSQL and the"
          + " API server, leaving no process behind. The database stays in --dir/run for the"
          + " next 'dev up'.",
    })
final class DevDownCommand implements Callable<Integer> {
  @Option(
      names = "--dir",
      description = "Where 'dev up' keeps its files (default: ${DEFAULT-VALUE}).")
  Path directory = Home.resolve(".rtfleet", "dev");

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "How long it may take to stop before it is killed (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds = 60;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    DevState state = new DevState(directory);
    Optional<ProcessHandle> running = state.running();
    if (running.isEmpty()) {
      state.stopped();
      out.printf("rtctl dev is not running from %s%n", directory);
      out.flush();
      return ExitCodes.OK;
    }
    ProcessHandle dev = running.get();
    List<ProcessHandle> children = dev.descendants().toList();
    out.printf("stopping rtctl dev (pid %d, %d processes under it)%n", dev.pid(), children.size());
    out.flush();
    long started = System.nanoTime();
    dev.destroy();
    if (!await(dev, Duration.ofSeconds(timeoutSeconds))) {
      out.printf("still running after %d s: killing it%n", timeoutSeconds);
      dev.destroyForcibly();
      await(dev, Duration.ofSeconds(10));
    }
    // Its hooks stop what it started; whatever a killed one left is killed here.
    for (ProcessHandle child : children) {
      if (child.isAlive()) {
        child.destroyForcibly();
        await(child, Duration.ofSeconds(10));
      }
    }
    state.stopped();
    out.printf("stopped in %.1f s%n", (System.nanoTime() - started) / 1e9);
    out.flush();
    return ExitCodes.OK;
  }

  private static boolean await(ProcessHandle process, Duration limit) throws InterruptedException {
    try {
      process.onExit().get(limit.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException stillRunning) {
      return false;
    } catch (java.util.concurrent.ExecutionException impossible) {
      return !process.isAlive();
    }
  }
}
