package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "unpin",
    mixinStandardHelpOptions = true,
    description = {
      "Remove a guild's override: it goes back to the node that owns its slot (handed alone, as"
          + " 'rtctl guild move' hands it), and from then on moves with its slot.",
      "",
      "Example: rtctl guild unpin 1234567890123456789 --wait",
    })
final class GuildUnpinCommand implements Callable<Integer> {
  @Mixin KubeOptions kube;
  @Mixin GuildOverrideOptions options;

  @Parameters(paramLabel = "GUILD_ID", description = "A guild id (a snowflake).")
  String guild;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    long id = GuildLocations.guildId(guild);
    try (KubernetesClient client = kube.client()) {
      return options.apply(client, options.fleet(client), id, null, spec.commandLine().getOut());
    }
  }
}
