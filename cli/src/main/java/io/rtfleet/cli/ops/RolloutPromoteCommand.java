package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rtfleet.cli.exit.ExitCodes;
import io.rtfleet.controller.rollout.RolloutRequests;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "promote",
    mixinStandardHelpOptions = true,
    description = {
      "Promote a fleet's rollout (a canary held by its partition, or paused): the new revision"
          + " goes to every node, drain-first, whatever the spec's partition and pause, until it"
          + " is complete or the template changes. Sets the annotation rtfleet.io/rollout=promote,"
          + " which the operator acknowledges with an Event (RolloutPromoted) and removes; the"
          + " spec is not edited.",
    })
final class RolloutPromoteCommand implements Callable<Integer> {
  @Mixin KubeOptions kube;

  @Parameters(paramLabel = "FLEET", completionCandidates = ResourceNames.Fleets.class)
  String name;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    try (KubernetesClient client = kube.client()) {
      Fleets.annotate(client, name, RolloutRequests.ANNOTATION, RolloutRequests.PROMOTE);
      spec.commandLine()
          .getOut()
          .printf(
              "fleet %s: promotion requested; 'rtctl rollout status %s -w' follows it%n",
              name, name);
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }
  }
}
