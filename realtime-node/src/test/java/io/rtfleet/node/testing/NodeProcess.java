package io.rtfleet.node.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged node ({@code target/realtime-node.jar}) as its own process, the way it is run in
 * production, for tests of what only a process can show: a kill -9 and the start after it.
 */
public final class NodeProcess implements AutoCloseable {
  private static final Pattern REST = Pattern.compile("REST\\s+(http://\\S+)");
  private static final Pattern ADMIN = Pattern.compile("admin\\s+(http://\\S+)");

  private final Process process;
  private final String restBase;
  private final String adminBase;

  private NodeProcess(Process process, String restBase, String adminBase) {
    this.process = process;
    this.restBase = restBase;
    this.adminBase = adminBase;
  }

  /**
   * Starts a node on free loopback ports with {@code options}, its output in {@code log}; fails
   * with the log's tail when it exits or has not said it is up within {@code seconds}.
   */
  public static NodeProcess start(Path log, long seconds, String... options)
      throws IOException, InterruptedException {
    Path jar = Path.of("target", "realtime-node.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IOException(jar.toAbsolutePath() + " is missing: run the package phase first");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx256m", "-jar", jar.toString(), "--port", "0", "--admin-port", "0"));
    command.addAll(List.of(options));
    Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
    CompletableFuture<String[]> urls = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              String[] found = new String[2];
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((found[0] == null || found[1] == null) && (line = out.readLine()) != null) {
                  Matcher r = REST.matcher(line);
                  Matcher a = ADMIN.matcher(line);
                  if (r.find()) {
                    found[0] = r.group(1);
                  } else if (a.find()) {
                    found[1] = a.group(1);
                  }
                }
                urls.complete(found);
                // Keep draining: a full pipe would block the node.
                out.transferTo(java.io.Writer.nullWriter());
              } catch (IOException closed) {
                urls.complete(found);
              }
            },
            "node-output");
    reader.setDaemon(true);
    reader.start();
    String[] found;
    try {
      found = urls.get(seconds, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException notUp) {
      found = new String[2];
    }
    // the reader returns at the end of the output when the node exits without a banner
    if (found[0] == null || found[1] == null) {
      process.destroyForcibly().waitFor();
      throw new IOException(
          "the node did not start within " + seconds + " s; its log:\n" + tail(log));
    }
    return new NodeProcess(process, found[0], found[1]);
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }

  public String restBase() {
    return restBase;
  }

  public String adminBase() {
    return adminBase;
  }

  public long pid() {
    return process.pid();
  }

  /** SIGKILL, as the kernel's OOM killer or {@code kill -9} does: no shutdown hook runs. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
