package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rtfleet.api.admin.GuildOwner;
import io.rtfleet.api.crd.FleetNodeStatus;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.cli.exit.ExitCodes;
import io.rtfleet.controller.model.FleetLabels;
import io.rtfleet.controller.model.NodePods;
import io.rtfleet.coordinator.HttpNodeAdminClient;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "locate",
    mixinStandardHelpOptions = true,
    description = {
      "Where a guild lives: its slot, the node that owns it (with that node's phase) and the"
          + " placement epoch, as the fleet's nodes know it (asked through their admin API, as"
          + " 'rtctl node describe' asks; reachable with 'rtctl dev up').",
      "",
      "Example: rtctl guild locate 1234567890123456789 --fleet chat",
    })
final class GuildLocateCommand implements Callable<Integer> {
  @Mixin KubeOptions kube;

  @Parameters(paramLabel = "GUILD_ID", description = "A guild id (a snowflake).")
  String guild;

  @Option(names = "--fleet", description = "The fleet (default: the namespace's only one).")
  String fleet;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    long id = guildId(guild);
    PrintWriter out = spec.commandLine().getOut();
    try (KubernetesClient client = kube.client()) {
      RealtimeFleet chosen = fleet == null ? Fleets.only(client) : Fleets.read(client, fleet);
      String name = chosen.getMetadata().getName();
      String token =
          NodeAdmins.token(client, name)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "cannot read the admin token of fleet " + name + " (its Secret)"));
      List<Pod> pods =
          client
              .pods()
              .inNamespace(client.getNamespace())
              .withLabels(FleetLabels.owned(name))
              .list()
              .getItems()
              .stream()
              .filter(NodePods::ready)
              .sorted(Comparator.comparing(pod -> pod.getMetadata().getName()))
              .toList();
      List<String> failures = new ArrayList<>();
      for (Pod pod : pods) {
        HttpNodeAdminClient admin = NodeAdmins.of(pod, token).orElse(null);
        if (admin == null) {
          continue;
        }
        try {
          GuildOwner owner =
              admin
                  .ownerOf(Long.toString(id))
                  .get(NodeAdmins.TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
          out.printf(
              "guild %d: slot %d, owned by %s (%s) at placement epoch %d (asked %s)%n",
              id,
              owner.slot(),
              owner.owner(),
              phaseOf(chosen, owner.owner()),
              owner.epoch(),
              admin.nodeId());
          out.flush();
          return ExitCodes.OK;
        } catch (Exception unanswered) {
          failures.add(admin.nodeId() + ": " + unanswered.getMessage());
        }
      }
      throw new IllegalStateException(
          "no ready node of fleet "
              + name
              + " answered"
              + (failures.isEmpty() ? " (it has none)" : ": " + String.join("; ", failures)));
    }
  }

  private static long guildId(String text) {
    try {
      long id = Long.parseLong(text);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException notANumber) {
      // said below
    }
    throw new IllegalArgumentException(
        "not a guild id: '" + text + "' (a snowflake, such as 1234567890123456789)");
  }

  private static String phaseOf(RealtimeFleet fleet, String node) {
    if (node == null) {
      return "no owner";
    }
    List<FleetNodeStatus> nodes =
        fleet.getStatus() == null || fleet.getStatus().getNodes() == null
            ? List.of()
            : fleet.getStatus().getNodes();
    return nodes.stream()
        .filter(status -> node.equals(status.getName()))
        .map(status -> status.getPhase() + (status.isReady() ? ", ready" : ", not ready"))
        .findFirst()
        .orElse("not in the fleet's status");
  }
}
