package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "move",
    mixinStandardHelpOptions = true,
    description = {
      "Move a guild to a node and keep it there (an override in the fleet's"
          + " spec.placement.overrides): the operator has its owner hand it alone to that node, its"
          + " writes pausing for milliseconds and its sessions keeping every event. For a giant"
          + " guild that should have a node to itself. The pin lasts while the node is ready: one"
          + " that drains, fails or is replaced by a rollout lets its pinned guilds follow their"
          + " slots again ('rtctl fleet describe' says so).",
      "",
      "Example: rtctl guild move 1234567890123456789 --to chat-2 --wait",
    })
final class GuildMoveCommand implements Callable<Integer> {
  @Mixin KubeOptions kube;
  @Mixin GuildOverrideOptions options;

  @Parameters(paramLabel = "GUILD_ID", description = "A guild id (a snowflake).")
  String guild;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "NODE",
      completionCandidates = ResourceNames.Nodes.class,
      description = "The node to move it to, such as chat-2 ('rtctl node list').")
  String node;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    long id = GuildLocations.guildId(guild);
    try (KubernetesClient client = kube.client()) {
      return options.apply(client, options.fleet(client), id, node, spec.commandLine().getOut());
    }
  }
}
