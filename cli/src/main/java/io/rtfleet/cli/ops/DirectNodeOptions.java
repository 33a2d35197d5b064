package io.rtfleet.cli.ops;

import io.rtfleet.cli.client.AdminToken;
import io.rtfleet.coordinator.HttpNodeAdminClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * One node reached at its admin URL instead of through Kubernetes (a node run by hand, or through a
 * port-forward), as the bench reaches a running node.
 */
public final class DirectNodeOptions {
  @Option(
      names = "--admin-url",
      paramLabel = "URL",
      description =
          "Work on the node at this admin URL (e.g. http://127.0.0.1:8081), without Kubernetes;"
              + " NODE may then be left out, and is checked against the node's name if given.")
  String adminUrl;

  @Option(
      names = "--admin-token-file",
      paramLabel = "FILE",
      description =
          "With --admin-url: the file holding the node's admin token (or env RTCTL_ADMIN_TOKEN).")
  Path tokenFile;

  @Option(
      names = "--request-timeout",
      paramLabel = "SECONDS",
      description =
          "With --admin-url: how long one call to the node may take; a call that fails in a way"
              + " that may pass is tried "
              + DirectNode.ATTEMPTS
              + " times (default: ${DEFAULT-VALUE}).")
  double requestTimeoutSeconds = 3;

  boolean given() {
    return adminUrl != null;
  }

  /** The node at {@code --admin-url}; a usage error when the URL or the token is missing or bad. */
  DirectNode open(String node, PrintWriter err) throws IOException {
    URI url;
    try {
      url = URI.create(adminUrl);
    } catch (IllegalArgumentException bad) {
      throw new IllegalArgumentException("--admin-url " + adminUrl + ": not a URL");
    }
    if (!"http".equals(url.getScheme()) || url.getHost() == null) {
      throw new IllegalArgumentException(
          "--admin-url " + adminUrl + ": expected http://HOST:PORT, e.g. http://127.0.0.1:8081");
    }
    if (!(requestTimeoutSeconds > 0)) {
      throw new IllegalArgumentException(
          "--request-timeout must be more than 0 seconds: " + requestTimeoutSeconds);
    }
    Duration timeout = Duration.ofMillis(Math.round(requestTimeoutSeconds * 1000));
    HttpNodeAdminClient admin =
        new HttpNodeAdminClient(
            adminUrl,
            adminUrl,
            AdminToken.read(tokenFile, "--admin-url"),
            NodeAdmins.HTTP,
            timeout);
    return new DirectNode(admin, node, timeout, err);
  }
}
