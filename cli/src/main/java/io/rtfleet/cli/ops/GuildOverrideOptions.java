package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.rtfleet.api.admin.GuildOwner;
import io.rtfleet.api.crd.FleetNodeStatus;
import io.rtfleet.api.crd.GuildOverride;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.cli.exit.ExitCodes;
import io.rtfleet.cli.exit.NotFound;
import io.rtfleet.cli.exit.TimedOut;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import picocli.CommandLine.Option;

/**
 * What 'rtctl guild move|pin|unpin' share: the fleet, and waiting for the operator. The override
 * goes into the fleet's spec ({@code spec.placement.overrides}), where the operator finds it and
 * hands the guild alone to its node, as it would after an operator restart or for a fleet applied
 * from a file: the spec, not the command, is what keeps the guild there.
 */
final class GuildOverrideOptions {
  private static final Duration POLL = Duration.ofMillis(250);

  @Option(names = "--fleet", description = "The fleet (default: the namespace's only one).")
  String fleet;

  @Option(
      names = "--wait",
      description = "Wait until the operator has moved the guild, and say where it is.")
  boolean wait;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds = 60;

  /** The fleet the command acts on. */
  RealtimeFleet fleet(KubernetesClient client) {
    return fleet == null ? Fleets.only(client) : Fleets.read(client, fleet);
  }

  /**
   * Pins {@code guild} to {@code node} in the fleet's spec (null: removes its override); with
   * --wait, waits until the nodes say so. Returns the exit code.
   */
  int apply(KubernetesClient client, RealtimeFleet chosen, long guild, String node, PrintWriter out)
      throws InterruptedException {
    String name = chosen.getMetadata().getName();
    if (node != null) {
      requireNode(chosen, node);
    }
    List<GuildOverride> current =
        chosen.getSpec().getPlacement() == null
                || chosen.getSpec().getPlacement().getOverrides() == null
            ? List.of()
            : chosen.getSpec().getPlacement().getOverrides();
    String id = Long.toString(guild);
    String pinnedTo =
        current.stream()
            .filter(override -> id.equals(override.getGuildId()))
            .map(GuildOverride::getNode)
            .findFirst()
            .orElse(null);
    if (Objects.equals(pinnedTo, node)) {
      out.printf(
          "guild %d: %s already%n", guild, node == null ? "not pinned" : "pinned to " + node);
    } else {
      List<GuildOverride> next = replaced(current, id, node);
      // The last one removed is a null, not an empty list: a merge patch with [] is taken by some
      // API servers (Fabric8's mock) as no change at all.
      Fleets.named(client, name)
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"spec\":{\"placement\":{\"overrides\":"
                  + (next.isEmpty() ? "null" : Serialization.asJson(next))
                  + "}}}");
      out.printf(
          "guild %d: %s (spec.placement.overrides of fleet %s)%n",
          guild, node == null ? "override removed" : "pinned to " + node, name);
    }
    if (!wait) {
      out.printf("The operator moves it; see where it is with: rtctl guild locate %d%n", guild);
      out.flush();
      return ExitCodes.OK;
    }
    out.flush();
    long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
    GuildLocations.Located located = null;
    while (System.nanoTime() < deadline) {
      located = GuildLocations.locate(client, name, guild);
      if (inForce(located.owner(), node)) {
        out.println(
            GuildLocateCommand.Location.of(guild, located, Fleets.read(client, name)).line());
        out.flush();
        return ExitCodes.OK;
      }
      Thread.sleep(POLL.toMillis());
    }
    throw new TimedOut(
        "timed out after "
            + timeoutSeconds
            + " s: "
            + (located == null
                ? "no node answered"
                : "the nodes say it is owned by "
                    + located.owner().owner()
                    + (located.owner().pinned() ? ", pinned" : ", not pinned"))
            + " (see 'rtctl fleet describe "
            + name
            + "': a pin to a node that is not ready waits for it)");
  }

  private static boolean inForce(GuildOwner owner, String node) {
    return node == null ? !owner.pinned() : owner.pinned() && node.equals(owner.owner());
  }

  /** The overrides with {@code guild}'s replaced by a pin to {@code node}, or removed. */
  private static List<GuildOverride> replaced(
      List<GuildOverride> current, String guild, String node) {
    List<GuildOverride> next = new ArrayList<>();
    for (GuildOverride override : current) {
      if (!guild.equals(override.getGuildId())) {
        next.add(override);
      }
    }
    if (node != null) {
      GuildOverride pin = new GuildOverride();
      pin.setGuildId(guild);
      pin.setNode(node);
      next.add(pin);
    }
    return next;
  }

  private static void requireNode(RealtimeFleet fleet, String node) {
    List<String> nodes =
        fleet.getStatus() == null || fleet.getStatus().getNodes() == null
            ? List.of()
            : fleet.getStatus().getNodes().stream().map(FleetNodeStatus::getName).toList();
    if (!nodes.contains(node)) {
      throw new NotFound(
          node
              + " is not a node of fleet "
              + fleet.getMetadata().getName()
              + " (its nodes: "
              + (nodes.isEmpty() ? "none yet" : String.join(", ", nodes))
              + ")");
    }
  }
}
