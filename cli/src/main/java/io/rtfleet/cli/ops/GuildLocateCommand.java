package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rtfleet.api.admin.GuildOwner;
import io.rtfleet.api.crd.FleetNodeStatus;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.cli.exit.ExitCodes;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
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
      "-o json|yaml prints the same as fields; -o name the owner's pod (pod/NAME).",
    })
final class GuildLocateCommand implements Callable<Integer> {
  @Mixin KubeOptions kube;

  @Mixin OutputOptions output;

  @Parameters(paramLabel = "GUILD_ID", description = "A guild id (a snowflake).")
  String guild;

  @Option(names = "--fleet", description = "The fleet (default: the namespace's only one).")
  String fleet;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    long id = GuildLocations.guildId(guild);
    PrintWriter out = spec.commandLine().getOut();
    try (KubernetesClient client = kube.client()) {
      RealtimeFleet chosen = fleet == null ? Fleets.only(client) : Fleets.read(client, fleet);
      GuildLocations.Located located =
          GuildLocations.locate(client, chosen.getMetadata().getName(), id);
      Location location = Location.of(id, located, chosen);
      if (!output.printDocument(out, location, "pod/" + location.owner())) {
        out.println(location.line());
        out.flush();
      }
      return ExitCodes.OK;
    }
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

  /** Where a guild lives, as {@code -o json|yaml} prints it. */
  record Location(
      String guild,
      int slot,
      String owner,
      String ownerPhase,
      boolean pinned,
      long epoch,
      String askedNode) {
    static Location of(long id, GuildLocations.Located located, RealtimeFleet fleet) {
      GuildOwner owner = located.owner();
      return new Location(
          Long.toString(id),
          owner.slot(),
          owner.owner(),
          phaseOf(fleet, owner.owner()),
          owner.pinned(),
          owner.epoch(),
          located.askedNode());
    }

    /** One line: slot, owner (its phase), pinned or not, epoch, and which node said so. */
    String line() {
      return String.format(
          "guild %s: slot %d, owned by %s (%s)%s at placement epoch %d (asked %s)",
          guild,
          slot,
          owner,
          ownerPhase,
          pinned ? ", pinned there by an override," : "",
          epoch,
          askedNode);
    }
  }
}
