package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.cli.exit.ExitCodes;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description = {
      "Create a fleet from a file, or give an existing one the file's spec (its status is the"
          + " operator's and is left alone). A new template is a rollout, drain-first; 'rtctl"
          + " rollout status -w' follows it.",
    })
final class FleetApplyCommand implements Callable<Integer> {
  @Mixin KubeOptions kube;

  @Option(
      names = {"-f", "--filename"},
      required = true,
      paramLabel = "FLEET.yaml",
      description = "The RealtimeFleet, as YAML or JSON.")
  Path file;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    RealtimeFleet wanted = FleetFile.read(file);
    try (KubernetesClient client = kube.client()) {
      if (wanted.getMetadata().getNamespace() == null) {
        wanted.getMetadata().setNamespace(client.getNamespace());
      }
      String name = wanted.getMetadata().getName();
      RealtimeFleet existing = Fleets.named(client, name).get();
      String outcome;
      try {
        if (existing == null) {
          client.resource(wanted).create();
          outcome = "created";
        } else if (Serialization.asJson(existing.getSpec())
            .equals(Serialization.asJson(wanted.getSpec()))) {
          outcome = "unchanged";
        } else {
          Fleets.named(client, name)
              .edit(
                  fleet -> {
                    fleet.setSpec(wanted.getSpec());
                    return fleet;
                  });
          outcome = "configured";
        }
      } catch (KubernetesClientException refused) {
        if (refused.getCode() == 422 || refused.getCode() == 400) {
          throw new IllegalArgumentException(
              "the API server refused fleet " + name + ": " + refused.getStatus().getMessage(),
              refused);
        }
        throw refused;
      }
      spec.commandLine()
          .getOut()
          .printf("fleet %s/%s %s%n", wanted.getMetadata().getNamespace(), name, outcome);
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }
  }
}
