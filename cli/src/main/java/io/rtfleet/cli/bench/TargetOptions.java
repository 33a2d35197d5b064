package io.rtfleet.cli.bench;

import io.rtfleet.cli.client.AdminToken;
import io.rtfleet.cli.client.Target;
import io.rtfleet.cli.dev.DevTarget;
import io.rtfleet.cli.fleet.FleetNode;
import io.rtfleet.cli.fleet.LocalFleet;
import io.rtfleet.cli.launch.Home;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Which node a scenario drives: a running one (--url, --admin-url, token), the fleet of {@code
 * rtctl dev up} (--dev), or one it starts.
 */
public final class TargetOptions {
  @Option(
      names = "--url",
      description =
          "Client URL of a running node, e.g. http://127.0.0.1:8080. Without it the bench starts its own node.")
  String url;

  @Option(
      names = "--admin-url",
      description = "Admin URL of the running node, e.g. http://127.0.0.1:8081.")
  String adminUrl;

  @Option(
      names = "--admin-token-file",
      description = "File holding the node's admin token (or env RTCTL_ADMIN_TOKEN).")
  Path adminTokenFile;

  @Option(
      names = "--dev",
      arity = "0..1",
      paramLabel = "DIR",
      fallbackValue = "",
      description =
          "Drive the fleet 'rtctl dev up' runs (from DIR, default .rtfleet/dev): sessions and"
              + " publishers through its one gateway URL, tokens from one of its ready nodes; so"
              + " that what you do to the fleet meanwhile (rtctl node drain, rtctl rollout"
              + " restart) is checked for lost events.")
  Path dev;

  @Option(
      names = "--node-jar",
      description = "Node jar to start when no --url is given (default: ${DEFAULT-VALUE}).")
  Path nodeJar = Home.resolve("realtime-node", "target", "realtime-node.jar");

  @Option(
      names = "--nodes",
      description =
          "Nodes to start when no --url is given: 1 runs a standalone node; more run a local fleet"
              + " (node processes sharing one embedded PostgreSQL, slots spread round-robin) with"
              + " sessions and publishers spread over its nodes (default: ${DEFAULT-VALUE}).")
  int nodes = 1;

  @Option(
      names = "--node-heap",
      description = "Heap of a node the bench starts (default: ${DEFAULT-VALUE}).")
  String nodeHeap = "4g";

  @Option(
      names = "--node-option",
      description =
          "Extra option for a node the bench starts; repeatable, e.g. --node-option=--replay-capacity=4096.")
  List<String> nodeOptions = new ArrayList<>();

  @Option(
      names = "--node-jvm-option",
      description =
          "Extra JVM option for a node the bench starts; repeatable, e.g. --node-jvm-option=-XX:StartFlightRecording=filename=node.jfr.")
  List<String> nodeJvmOptions = new ArrayList<>();

  /** A running target, and the node or fleet to stop afterwards if the bench started one. */
  public record Opened(Target target, AutoCloseable started) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      if (started != null) {
        started.close();
      }
    }
  }

  public Opened open() throws IOException, InterruptedException {
    if (nodes < 1) {
      throw new IllegalArgumentException("--nodes must be at least 1: " + nodes);
    }
    if (dev != null) {
      if (url != null || nodes != 1) {
        throw new IllegalArgumentException(
            "--dev drives the fleet 'rtctl dev up' runs; it cannot go with --url or --nodes");
      }
      return new Opened(
          DevTarget.open(
              dev.toString().isEmpty() ? Home.resolve(".rtfleet", "dev") : dev.toAbsolutePath()),
          null);
    }
    if (url != null) {
      if (nodes != 1) {
        throw new IllegalArgumentException("--nodes starts a local fleet; it cannot go with --url");
      }
      if (adminUrl == null) {
        throw new IllegalArgumentException("--admin-url is required with --url");
      }
      return new Opened(new Target(url, adminUrl, AdminToken.read(adminTokenFile, "--url")), null);
    }
    List<String> options =
        new ArrayList<>(
            List.of(
                "--rest-requests-per-second", "1000000", "--client-events-per-minute", "100000"));
    options.addAll(nodeOptions);
    List<String> jvmOptions =
        new ArrayList<>(List.of("-Xms" + nodeHeap, "-Xmx" + nodeHeap, "-XX:+AlwaysPreTouch"));
    jvmOptions.addAll(nodeJvmOptions);
    if (nodes > 1) {
      LocalFleet fleet = LocalFleet.start(nodeJar, nodes, jvmOptions, options);
      List<Target> others =
          fleet.nodes().subList(1, nodes).stream().map(FleetNode::target).toList();
      Target first = fleet.nodes().get(0).target();
      return new Opened(
          new Target(first.url(), first.adminUrl(), fleet.adminToken(), others), fleet);
    }
    LocalNode node = LocalNode.start(nodeJar, jvmOptions, options);
    return new Opened(node.target(), node);
  }
}
