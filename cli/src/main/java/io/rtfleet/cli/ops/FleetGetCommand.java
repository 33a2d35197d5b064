package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.cli.exit.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    description = "Print a fleet whole, spec and status, as YAML (default) or JSON.")
final class FleetGetCommand implements Callable<Integer> {
  enum Format {
    yaml,
    json
  }

  @Mixin KubeOptions kube;

  @Parameters(paramLabel = "FLEET", completionCandidates = ResourceNames.Fleets.class)
  String name;

  @Option(
      names = {"-o", "--output"},
      description = "yaml or json (default: ${DEFAULT-VALUE}).")
  Format output = Format.yaml;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    try (KubernetesClient client = kube.client()) {
      RealtimeFleet fleet = Fleets.read(client, name);
      spec.commandLine()
          .getOut()
          .print(
              output == Format.json
                  ? Serialization.asJson(fleet) + "\n"
                  : Serialization.asYaml(fleet));
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }
  }
}
