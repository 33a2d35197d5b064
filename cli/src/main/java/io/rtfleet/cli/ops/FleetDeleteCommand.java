package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rtfleet.cli.exit.ExitCodes;
import io.rtfleet.controller.model.FleetLabels;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    description = {
      "Delete a fleet and everything it owns: its nodes (their clients are disconnected: this is"
          + " not a drain; scale to 0 first to drain them), Services, budget and Secret.",
      "With --wait, returns once the fleet and its pods are gone.",
    })
final class FleetDeleteCommand implements Callable<Integer> {
  @Mixin KubeOptions kube;

  @Parameters(paramLabel = "FLEET", completionCandidates = ResourceNames.Fleets.class)
  String name;

  @Option(names = "--wait", description = "Wait until the fleet and its pods are gone.")
  boolean wait;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds = 120;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    try (KubernetesClient client = kube.client()) {
      Fleets.read(client, name);
      Fleets.named(client, name).delete();
      PrintWriter out = spec.commandLine().getOut();
      out.printf("fleet %s deleted%n", name);
      out.flush();
      if (!wait) {
        return ExitCodes.OK;
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
      while (Fleets.named(client, name).get() != null
          || !client
              .pods()
              .inNamespace(client.getNamespace())
              .withLabel(FleetLabels.FLEET, name)
              .list()
              .getItems()
              .isEmpty()) {
        if (System.nanoTime() > deadline) {
          out.printf("fleet %s or some of its pods still exist after %d s%n", name, timeoutSeconds);
          out.flush();
          return ExitCodes.TIMED_OUT;
        }
        TimeUnit.MILLISECONDS.sleep(200);
      }
      out.printf("fleet %s and its nodes are gone%n", name);
      out.flush();
      return ExitCodes.OK;
    }
  }
}
