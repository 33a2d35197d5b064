package io.rtfleet.cli.dev;

import io.rtfleet.cli.exit.ExitCodes;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code rtctl dev up --detach}: the same command in a process of its own (in a session of its own,
 * so that closing the terminal leaves it running), its output in {@code dev.log}, which is shown
 * here as it comes until the fleet is ready; then this process exits and that one goes on.
 */
final class Detached {
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Path SETSID = Path.of("/usr/bin/setsid");

  private Detached() {}

  static int start(
      CommandSpec spec, DevState state, Duration timeout, PrintWriter out, PrintWriter err)
      throws IOException, InterruptedException {
    Files.createDirectories(state.directory());
    Process child =
        new ProcessBuilder(command(spec))
            .redirectErrorStream(true)
            .redirectOutput(state.log().toFile())
            .redirectInput(new File("/dev/null"))
            .start();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (BufferedReader log = Files.newBufferedReader(state.log(), StandardCharsets.UTF_8)) {
      while (true) {
        for (String line = log.readLine(); line != null; line = log.readLine()) {
          out.println(line);
        }
        out.flush();
        Optional<DevState.Up> up = state.up();
        if (up.isPresent() && up.get().pid() == child.pid()) {
          out.printf("(running in the background; its output goes to %s)%n", state.log());
          out.flush();
          return ExitCodes.OK;
        }
        if (!child.isAlive()) {
          err.printf(
              "rtctl dev did not start (exit code %d); its output is in %s%n",
              child.exitValue(), state.log());
          return ExitCodes.FAILED;
        }
        if (System.nanoTime() > deadline) {
          child.destroy();
          err.printf(
              "rtctl dev was not ready within %d s and was stopped; its output is in %s%n",
              timeout.toSeconds(), state.log());
          return ExitCodes.FAILED;
        }
        TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
      }
    }
  }

  /** This command again, in the same JVM settings, without {@code --detach}. */
  private static List<String> command(CommandSpec spec) {
    List<String> command = new ArrayList<>();
    if (Files.isExecutable(SETSID)) {
      command.add(SETSID.toString());
    }
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(spec.root().userObject().getClass().getName());
    for (String arg : spec.root().commandLine().getParseResult().originalArgs()) {
      if (!arg.equals("--detach") && !arg.equals("-d")) {
        command.add(arg);
      }
    }
    return command;
  }
}
