package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.rtfleet.cli.exit.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "pause",
    mixinStandardHelpOptions = true,
    description = {
      "Pause a fleet's rollout (spec.rollout.paused): a drain in progress finishes, no further"
          + " node is replaced until 'rtctl rollout resume'. Scaling and requested drains go on.",
    })
final class RolloutPauseCommand implements Callable<Integer> {
  @Mixin KubeOptions kube;

  @Parameters(paramLabel = "FLEET", completionCandidates = ResourceNames.Fleets.class)
  String name;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    return setPaused(kube, name, true, spec);
  }

  static int setPaused(KubeOptions kube, String name, boolean paused, CommandSpec spec)
      throws Exception {
    try (KubernetesClient client = kube.client()) {
      Fleets.read(client, name);
      Fleets.named(client, name)
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"spec\":{\"rollout\":{\"paused\":" + paused + "}}}");
      spec.commandLine()
          .getOut()
          .printf("fleet %s: rollout %s%n", name, paused ? "paused" : "resumed");
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }
  }
}
