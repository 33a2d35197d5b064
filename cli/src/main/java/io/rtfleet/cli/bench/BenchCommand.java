package io.rtfleet.cli.bench;

import picocli.CommandLine.Command;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Drive a node the way real clients do and check that every client received every event"
          + " exactly once and in order. Each scenario starts its own node unless given --url.",
    },
    subcommands = {
      FanoutCommand.class,
      ConnectCommand.class,
      ResumeCommand.class,
      RebalanceCommand.class,
      DrainCommand.class,
      FailoverCommand.class,
      RolloutCommand.class,
      OperatorScaleCommand.class
    })
public final class BenchCommand {}
