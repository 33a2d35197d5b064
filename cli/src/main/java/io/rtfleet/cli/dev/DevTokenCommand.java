package io.rtfleet.cli.dev;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.rtfleet.api.admin.TokenGrant;
import io.rtfleet.api.admin.TokenRequest;
import io.rtfleet.cli.exit.ExitCodes;
import io.rtfleet.cli.launch.Home;
import io.rtfleet.controller.model.FleetLabels;
import io.rtfleet.controller.model.NodePods;
import io.rtfleet.coordinator.AdminFailure;
import io.rtfleet.coordinator.HttpNodeAdminClient;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = {
      "Mint a client token for the fleet 'rtctl dev up' runs, and print it alone, so that"
          + " TOKEN=$(rtctl dev token alice) works. Clients send it as a Discord token (IDENTIFY's"
          + " token; REST's Authorization header, prefixed 'Bot ' for --bot).",
    })
final class DevTokenCommand implements Callable<Integer> {
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  @Parameters(paramLabel = "USERNAME", description = "Whom the token is for.")
  String username;

  @Option(names = "--bot", description = "A bot's token.")
  boolean bot;

  @Option(
      names = "--dir",
      description = "Where 'dev up' keeps its files (default: ${DEFAULT-VALUE}).")
  Path directory = Home.resolve(".rtfleet", "dev");

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    DevState state = new DevState(directory);
    Optional<DevState.Up> up = state.up();
    if (up.isEmpty() || state.running().isEmpty()) {
      err.printf("rtctl dev is not running from %s: start it with 'rtctl dev up'%n", directory);
      return ExitCodes.FAILED;
    }
    String adminToken = Files.readString(state.adminToken(), StandardCharsets.US_ASCII).trim();
    try (KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder().withMasterUrl(up.get().apiServer()).build())
            .build()) {
      Pod node =
          client
              .pods()
              .inNamespace(up.get().namespace())
              .withLabel(FleetLabels.FLEET, up.get().fleet())
              .list()
              .getItems()
              .stream()
              .filter(NodePods::ready)
              .min(Comparator.comparing(pod -> pod.getMetadata().getName()))
              .orElseThrow(() -> new IllegalStateException("no node of the fleet is ready"));
      HttpNodeAdminClient admin =
          new HttpNodeAdminClient(
              node.getMetadata().getName(),
              "http://" + node.getStatus().getPodIP() + ":" + NodePods.ADMIN_PORT,
              adminToken,
              HttpNodeAdminClient.newHttpClient(),
              CALL_TIMEOUT);
      TokenGrant grant;
      try {
        grant = admin.mintToken(new TokenRequest(username, bot, null, null, null)).join();
      } catch (CompletionException failed) {
        throw AdminFailure.of(node.getMetadata().getName(), failed);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println(grant.token());
      out.flush();
      return ExitCodes.OK;
    }
  }
}
