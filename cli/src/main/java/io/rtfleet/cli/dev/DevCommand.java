package io.rtfleet.cli.dev;

import picocli.CommandLine.Command;

@Command(
    name = "dev",
    mixinStandardHelpOptions = true,
    description = {
      "A whole operated fleet on this machine: 'rtctl dev up' starts it, 'rtctl dev down' stops"
          + " it.",
    },
    subcommands = {DevUpCommand.class, DevDownCommand.class, DevTokenCommand.class})
public final class DevCommand {}
