package io.rtfleet.cli.ops;

import picocli.CommandLine.Command;

@Command(
    name = "rollout",
    mixinStandardHelpOptions = true,
    description = {
      "A fleet's rollout, with kubectl rollout's meanings: see how far it is (and follow it),"
          + " pause it, resume it, restart every node (a new revision, rolled drain-first), list"
          + " its revisions, go back to an earlier one, or, in an emergency, promote or abort it.",
    },
    subcommands = {
      RolloutStatusCommand.class,
      RolloutPauseCommand.class,
      RolloutResumeCommand.class,
      RolloutRestartCommand.class,
      RolloutPromoteCommand.class,
      RolloutAbortCommand.class,
      RolloutHistoryCommand.class,
      RolloutUndoCommand.class
    })
public final class RolloutControlCommand {}
