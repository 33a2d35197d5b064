package io.rtfleet.cli.ops;

import picocli.CommandLine.Command;

@Command(
    name = "guild",
    mixinStandardHelpOptions = true,
    description =
        "Where a guild lives (its slot, the node that owns it, the placement epoch), and moving"
            + " it: pinned to a node by an override, or back to its slot's node.",
    subcommands = {
      GuildLocateCommand.class,
      GuildMoveCommand.class,
      GuildPinCommand.class,
      GuildUnpinCommand.class
    })
public final class GuildCommand {}
