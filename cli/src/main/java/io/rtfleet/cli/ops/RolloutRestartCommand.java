package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rtfleet.cli.exit.ExitCodes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "restart",
    mixinStandardHelpOptions = true,
    description = {
      "Restart every node of a fleet, drain-first, as a rollout: sets the template's environment"
          + " variable "
          + RolloutRestartCommand.RESTARTED_AT
          + " to now, which makes a new revision (as kubectl rollout restart sets an annotation"
          + " on a Deployment's template). 'rtctl rollout status -w' follows it.",
    })
final class RolloutRestartCommand implements Callable<Integer> {
  static final String RESTARTED_AT = "RTFLEET_RESTARTED_AT";

  @Mixin KubeOptions kube;

  @Parameters(paramLabel = "FLEET", completionCandidates = ResourceNames.Fleets.class)
  String name;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    String now = Instant.now().toString();
    try (KubernetesClient client = kube.client()) {
      Fleets.read(client, name);
      // A JSON patch of the list (what edit sends): a merge patch replaces a list whole on a real
      // API server but appends to it on the mock server.
      Fleets.named(client, name)
          .edit(
              fleet -> {
                List<EnvVar> env = new ArrayList<>();
                if (fleet.getSpec().getTemplate().getEnv() != null) {
                  fleet.getSpec().getTemplate().getEnv().stream()
                      .filter(variable -> !RESTARTED_AT.equals(variable.getName()))
                      .forEach(env::add);
                }
                env.add(new EnvVar(RESTARTED_AT, now, null));
                fleet.getSpec().getTemplate().setEnv(env);
                return fleet;
              });
      spec.commandLine()
          .getOut()
          .printf("fleet %s: restarting every node (%s=%s)%n", name, RESTARTED_AT, now);
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }
  }
}
