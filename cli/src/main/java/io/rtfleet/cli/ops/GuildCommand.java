package io.rtfleet.cli.ops;

import picocli.CommandLine.Command;

@Command(
    name = "guild",
    mixinStandardHelpOptions = true,
    description = "Where a guild lives: its slot, the node that owns it, the placement epoch.",
    subcommands = {GuildLocateCommand.class})
public final class GuildCommand {}
