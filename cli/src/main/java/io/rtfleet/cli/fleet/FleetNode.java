package io.rtfleet.cli.fleet;

import io.rtfleet.cli.client.Target;
import io.rtfleet.coordinator.HttpNodeAdminClient;
import io.rtfleet.coordinator.NodeAdminClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;

/** One node process of a {@link LocalFleet}: its id, its URLs and its peer address. */
public final class FleetNode {
  private static final Pattern GATEWAY = Pattern.compile("gateway\\s+ws://([^/]+)/");
  private static final Pattern ADMIN = Pattern.compile("admin\\s+(http://\\S+)");
  private static final Pattern PEERS = Pattern.compile("peers\\s+(\\S+:\\d+)");

  /** One client for the admin calls to every node, as OkHttp advises: one pool, one dispatcher. */
  private static final OkHttpClient ADMIN_HTTP = HttpNodeAdminClient.newHttpClient();

  private final String id;
  private final Process process;
  private final Target target;
  private final String peerAddress;
  private final NodeAdminClient admin;

  private FleetNode(String id, Process process, Target target, String peerAddress) {
    this.id = id;
    this.process = process;
    this.target = target;
    this.peerAddress = peerAddress;
    this.admin =
        new HttpNodeAdminClient(
            id, target.adminUrl(), target.adminToken(), ADMIN_HTTP, Duration.ofSeconds(60));
  }

  /** Starts the process and waits for its banner; fails with the log's name if it never comes. */
  static FleetNode start(String id, List<String> command, Path log, String adminToken)
      throws IOException {
    Process process =
        new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String gateway = null;
    String admin = null;
    String peers = null;
    String line;
    while ((gateway == null || admin == null || peers == null) && (line = out.readLine()) != null) {
      Matcher g = GATEWAY.matcher(line);
      Matcher a = ADMIN.matcher(line);
      Matcher p = PEERS.matcher(line);
      if (g.find()) {
        gateway = g.group(1);
      } else if (a.find()) {
        admin = a.group(1);
      } else if (p.find()) {
        peers = p.group(1);
      }
    }
    if (gateway == null || admin == null || peers == null) {
      process.destroyForcibly();
      throw new IOException("node " + id + " did not start; see " + log);
    }
    Thread drain = new Thread(() -> out.lines().forEach(ignored -> {}), id + "-stdout");
    drain.setDaemon(true);
    drain.start();
    return new FleetNode(id, process, new Target("http://" + gateway, admin, adminToken), peers);
  }

  public String id() {
    return id;
  }

  /** The node's admin API, named after the node. */
  public NodeAdminClient admin() {
    return admin;
  }

  public Target target() {
    return target;
  }

  public String peerAddress() {
    return peerAddress;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  /** kill -9: no shutdown hook, no goodbye to clients or peers. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  /** A graceful stop (SIGTERM), forced after 20 s. */
  public void stop() throws InterruptedException {
    stopAll(List.of(this));
  }

  /**
   * Stops the nodes gracefully (SIGTERM) all at once, each forced after 20 s: one after the other,
   * every node would wait for the ones before it to finish their shutdown.
   */
  static void stopAll(Collection<FleetNode> nodes) throws InterruptedException {
    nodes.forEach(node -> node.process.destroy());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    for (FleetNode node : nodes) {
      long left = deadline - System.nanoTime();
      if (!node.process.waitFor(Math.max(0, left), TimeUnit.NANOSECONDS)) {
        node.process.destroyForcibly().waitFor();
      }
    }
  }
}
