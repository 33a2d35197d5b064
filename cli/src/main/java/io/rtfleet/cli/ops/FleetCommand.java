package io.rtfleet.cli.ops;

import picocli.CommandLine.Command;

@Command(
    name = "fleet",
    mixinStandardHelpOptions = true,
    description = {
      "RealtimeFleets in the cluster of the current kubeconfig context: list them, show one,"
          + " scale it.",
    },
    subcommands = {FleetListCommand.class, FleetDescribeCommand.class, FleetScaleCommand.class})
public final class FleetCommand {}
