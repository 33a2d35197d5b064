package io.rtfleet.cli.ops;

import picocli.CommandLine.Command;

@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = {
      "A fleet's nodes (its pods): list them, cordon one (it keeps what it has and takes nothing"
          + " new), uncordon it, or drain it into a fresh node.",
    },
    subcommands = {
      NodeListCommand.class,
      NodeDescribeCommand.class,
      NodeCordonCommand.class,
      NodeUncordonCommand.class,
      NodeDrainCommand.class,
      NodeReplaceCommand.class
    })
public final class NodeCommand {}
