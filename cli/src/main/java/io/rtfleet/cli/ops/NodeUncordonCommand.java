package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rtfleet.cli.exit.ExitCodes;
import io.rtfleet.controller.model.FleetLabels;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "uncordon",
    mixinStandardHelpOptions = true,
    description = "Uncordon a node: it is ready for new clients again (rtfleet.io/cordon=false).")
final class NodeUncordonCommand implements Callable<Integer> {
  @Mixin KubeOptions kube;

  @Parameters(paramLabel = "NODE")
  String node;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    try (KubernetesClient client = kube.client()) {
      Nodes.read(client, node);
      Nodes.annotate(client, node, FleetLabels.CORDON_ANNOTATION, "false");
      spec.commandLine().getOut().printf("node %s uncordoned%n", node);
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }
  }
}
