package io.rtfleet.cli.ops;

import picocli.CommandLine.Command;

@Command(
    name = "fleet",
    mixinStandardHelpOptions = true,
    description = {
      "RealtimeFleets in the cluster of the current kubeconfig context: list them, show one,"
          + " apply one from a file, scale it, delete it.",
    },
    subcommands = {
      FleetListCommand.class,
      FleetGetCommand.class,
      FleetDescribeCommand.class,
      FleetApplyCommand.class,
      FleetScaleCommand.class,
      FleetDeleteCommand.class
    })
public final class FleetCommand {}
