package io.rtfleet.cli.bench;

import io.rtfleet.cli.client.Target;
import io.rtfleet.localkube.NodeJar;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A realtime-node started by the bench as a separate process on loopback ports picked by the OS,
 * with its own embedded database in a temporary directory. It is stopped (and its files removed)
 * when the bench ends.
 */
public final class LocalNode implements AutoCloseable {
  private static final Pattern GATEWAY = Pattern.compile("gateway\\s+ws://([^/]+)/");
  private static final Pattern ADMIN = Pattern.compile("admin\\s+(http://\\S+)");

  private final Process process;
  private final Path dataDir;
  private final Target target;

  private LocalNode(Process process, Path dataDir, Target target) {
    this.process = process;
    this.dataDir = dataDir;
    this.target = target;
  }

  public static LocalNode start(Path nodeJar, List<String> jvmOptions, List<String> nodeOptions)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(nodeJar)) {
      throw new IOException(
          "node jar not found: "
              + nodeJar
              + " (build it with 'mvn -q install -DskipTests', or pass --url to use a running node)");
    }
    Path dataDir = Files.createTempDirectory("rtctl-bench-node");
    List<String> command = NodeJar.command(nodeJar, jvmOptions);
    command.addAll(List.of("--port", "0", "--admin-port", "0", "--data-dir", dataDir.toString()));
    command.addAll(nodeOptions);
    Process process =
        new ProcessBuilder(command).redirectError(dataDir.resolve("node.log").toFile()).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String gateway = null;
    String admin = null;
    String line;
    while ((gateway == null || admin == null) && (line = out.readLine()) != null) {
      Matcher g = GATEWAY.matcher(line);
      Matcher a = ADMIN.matcher(line);
      if (g.find()) {
        gateway = g.group(1);
      } else if (a.find()) {
        admin = a.group(1);
      }
    }
    if (gateway == null || admin == null) {
      process.destroyForcibly();
      throw new IOException("node did not start; see " + dataDir.resolve("node.log"));
    }
    String adminToken = Files.readString(dataDir.resolve("admin-token")).strip();
    return new LocalNode(process, dataDir, new Target("http://" + gateway, admin, adminToken));
  }

  public Target target() {
    return target;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    try (var files = Files.walk(dataDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }
}
