package io.rtfleet.cli.ops;

import picocli.CommandLine.Command;

@Command(
    name = "rebalance",
    mixinStandardHelpOptions = true,
    description = {
      "Move guild slots between a fleet's nodes through a GuildRebalance, as Strimzi's"
          + " KafkaRebalance: 'propose' plans and shows what would move, 'approve' carries it out"
          + " batch by batch, 'stop' ends it where it is, 'refresh' plans again.",
      "",
      "A proposal planned before the placement changed is planned again, never carried out.",
    },
    subcommands = {
      RebalanceProposeCommand.class,
      RebalanceShowCommand.class,
      RebalanceApproveCommand.class,
      RebalanceStopCommand.class,
      RebalanceRefreshCommand.class,
      RebalanceListCommand.class
    })
public final class RebalanceCommand {}
