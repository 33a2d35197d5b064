package io.rtfleet.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Which node a scenario drives: a running one (--url, --admin-url, token) or one it starts. */
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
      names = "--node-jar",
      description = "Node jar to start when no --url is given (default: ${DEFAULT-VALUE}).")
  Path nodeJar = Path.of("realtime-node", "target", "realtime-node.jar");

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

  /** A running target, and the node to stop afterwards if the bench started one. */
  public record Opened(Target target, LocalNode startedNode) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      if (startedNode != null) {
        startedNode.close();
      }
    }
  }

  public Opened open() throws IOException, InterruptedException {
    if (url != null) {
      if (adminUrl == null) {
        throw new IllegalArgumentException("--admin-url is required with --url");
      }
      String token = System.getenv("RTCTL_ADMIN_TOKEN");
      if (adminTokenFile != null) {
        token = Files.readString(adminTokenFile).strip();
      }
      if (token == null || token.isBlank()) {
        throw new IllegalArgumentException(
            "the admin token is required with --url: --admin-token-file or env RTCTL_ADMIN_TOKEN");
      }
      return new Opened(new Target(url, adminUrl, token), null);
    }
    List<String> options =
        new ArrayList<>(
            List.of(
                "--rest-requests-per-second", "1000000", "--client-events-per-minute", "100000"));
    options.addAll(nodeOptions);
    List<String> jvmOptions =
        new ArrayList<>(List.of("-Xms" + nodeHeap, "-Xmx" + nodeHeap, "-XX:+AlwaysPreTouch"));
    jvmOptions.addAll(nodeJvmOptions);
    LocalNode node = LocalNode.start(nodeJar, jvmOptions, options);
    return new Opened(node.target(), node);
  }
}
