package io.rtfleet.cli.dev;

import io.rtfleet.api.admin.TokenGrant;
import io.rtfleet.api.admin.TokenRequest;
import io.rtfleet.cli.client.Target;
import io.rtfleet.cli.exit.ExitCodes;
import io.rtfleet.cli.launch.Home;
import io.rtfleet.coordinator.AdminFailure;
import java.io.PrintWriter;
import java.nio.file.Path;
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
    Target fleet;
    try {
      fleet = DevTarget.open(directory);
    } catch (IllegalStateException notRunning) {
      spec.commandLine().getErr().println(notRunning.getMessage());
      return ExitCodes.FAILED;
    }
    TokenGrant grant;
    try {
      grant = fleet.admin().mintToken(new TokenRequest(username, bot, null, null, null)).join();
    } catch (CompletionException failed) {
      throw AdminFailure.of(fleet.adminUrl(), failed);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(grant.token());
    out.flush();
    return ExitCodes.OK;
  }
}
