package io.rtfleet.cli.ops;

import picocli.CommandLine.Command;

@Command(
    name = "rollout",
    mixinStandardHelpOptions = true,
    description = {
      "A fleet's rollout, with kubectl rollout's meanings: see how far it is (and follow it),"
          + " pause it, resume it, or restart every node (a new revision, rolled drain-first).",
    },
    subcommands = {
      RolloutStatusCommand.class,
      RolloutPauseCommand.class,
      RolloutResumeCommand.class,
      RolloutRestartCommand.class
    })
public final class RolloutControlCommand {}
