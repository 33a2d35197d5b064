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
    name = "abort",
    mixinStandardHelpOptions = true,
    description = {
      "Abort a fleet's rollout in an emergency: the nodes of the new revision are replaced,"
          + " drain-first, by nodes of the current one (the last every node ran), until the"
          + " template changes. Sets the annotation rtfleet.io/rollout=abort, which the operator"
          + " acknowledges with an Event (RolloutAborted) and removes. The spec is not edited (a"
          + " GitOps tool would put it back): 'rtctl rollout undo' makes the abort permanent.",
    })
final class RolloutAbortCommand implements Callable<Integer> {
  @Mixin KubeOptions kube;

  @Parameters(paramLabel = "FLEET", completionCandidates = ResourceNames.Fleets.class)
  String name;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    try (KubernetesClient client = kube.client()) {
      Fleets.annotate(client, name, RolloutRequests.ANNOTATION, RolloutRequests.ABORT);
      spec.commandLine()
          .getOut()
          .printf(
              "fleet %s: abort requested; 'rtctl fleet describe %s' shows the operator's answer%n",
              name, name);
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }
  }
}
