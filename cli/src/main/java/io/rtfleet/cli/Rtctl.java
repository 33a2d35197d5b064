package io.rtfleet.cli;

import io.rtfleet.cli.bench.BenchCommand;
import io.rtfleet.cli.dev.DevCommand;
import io.rtfleet.cli.exit.ExitCodes;
import io.rtfleet.cli.ops.FleetCommand;
import io.rtfleet.cli.ops.GuildCommand;
import io.rtfleet.cli.ops.NodeCommand;
import io.rtfleet.cli.ops.RebalanceCommand;
import io.rtfleet.cli.ops.RolloutControlCommand;
import io.rtfleet.cli.shell.ShellCommand;
import io.rtfleet.cli.top.TopCommand;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code rtctl}: the rtfleet admin CLI. */
@Command(
    name = "rtctl",
    mixinStandardHelpOptions = true,
    version = "rtctl " + Rtctl.VERSION,
    description = "Operate rtfleet gateway fleets.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done",
      "1:failed (a benchmark's checker found lost, repeated or reordered events; a rebalance"
          + " ended without being carried out; an API did not answer)",
      "2:the command line was wrong",
      "3:a wait (--wait, --timeout) ran out before the operation was done",
      "4:a fleet, node, rebalance or revision it names does not exist"
    },
    subcommands = {
      FleetCommand.class,
      NodeCommand.class,
      GuildCommand.class,
      RebalanceCommand.class,
      RolloutControlCommand.class,
      TopCommand.class,
      ShellCommand.class,
      DevCommand.class,
      BenchCommand.class,
      VersionCommand.class,
      CompletionCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Rtctl {
  static final String VERSION = "0.1.0";

  public static void main(String[] args) {
    // Leak sampling records a stack trace for one buffer in 128, a cost on every connection
    // (visible in profiles of the identify storm); -Dio.netty.leakDetection.level turns it back on.
    // A property, read when Netty first starts, rather than Netty's setter: that would load Netty
    // and its logging (a service lookup through the whole jar) in every command, --help included.
    if (System.getProperty("io.netty.leakDetection.level") == null) {
      System.setProperty("io.netty.leakDetection.level", "disabled");
    }
    PrintWriter out = new PrintWriter(System.out, false, Charset.defaultCharset());
    if (QuickAnswers.answered(args, out)) {
      System.exit(ExitCodes.OK);
    }
    System.exit(commandLine().execute(args));
  }

  /** The command tree with failures mapped to one line and an exit code instead of a trace. */
  public static CommandLine commandLine() {
    return new CommandLine(new Rtctl())
        .setExecutionExceptionHandler(
            (failure, commandLine, parseResult) -> {
              commandLine
                  .getErr()
                  .println(
                      "rtctl: " + (failure.getMessage() != null ? failure.getMessage() : failure));
              return ExitCodes.of(failure);
            });
  }
}
