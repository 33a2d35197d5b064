package io.rtfleet.cli.ops;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    description = "Resume a paused rollout: the nodes still at an older revision are replaced.")
final class RolloutResumeCommand implements Callable<Integer> {
  @Mixin KubeOptions kube;

  @Parameters(paramLabel = "FLEET", completionCandidates = ResourceNames.Fleets.class)
  String name;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    return RolloutPauseCommand.setPaused(kube, name, false, spec);
  }
}
