package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rtfleet.api.crd.RealtimeFleet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "pin",
    mixinStandardHelpOptions = true,
    description = {
      "Keep a guild on the node that owns it now (an override in the fleet's"
          + " spec.placement.overrides): a rebalance or a drain of another node moves its slot"
          + " without it. 'rtctl guild move' pins it to another node; 'rtctl guild unpin' lets it"
          + " follow its slot again.",
      "",
      "Example: rtctl guild pin 1234567890123456789 --wait",
    })
final class GuildPinCommand implements Callable<Integer> {
  @Mixin KubeOptions kube;
  @Mixin GuildOverrideOptions options;

  @Parameters(paramLabel = "GUILD_ID", description = "A guild id (a snowflake).")
  String guild;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    long id = GuildLocations.guildId(guild);
    try (KubernetesClient client = kube.client()) {
      RealtimeFleet fleet = options.fleet(client);
      String owner =
          GuildLocations.locate(client, fleet.getMetadata().getName(), id).owner().owner();
      return options.apply(client, fleet, id, owner, spec.commandLine().getOut());
    }
  }
}
