package io.rtfleet.localkube;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL a local fleet shares: the node jar's {@code database} command, which runs an
 * embedded server under {@code directory} and prints its JDBC URL (with credentials: never log it).
 */
public final class LocalDatabase implements AutoCloseable {
  private final Process process;
  private final String url;
  private final Path passwordFile;

  private LocalDatabase(Process process, String url, Path passwordFile) {
    this.process = process;
    this.url = url;
    this.passwordFile = passwordFile;
  }

  public static LocalDatabase start(Path nodeJar, Path directory) throws IOException {
    List<String> command = NodeJar.command(nodeJar, List.of("-Xmx256m"));
    command.addAll(List.of("database", "--data-dir", directory.resolve("database").toString()));
    Process process =
        new ProcessBuilder(command)
            .redirectError(directory.resolve("database.log").toFile())
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String url = null;
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("database ")) {
        url = line.substring("database ".length()).strip();
      } else if (line.startsWith("password ") && url != null) {
        return new LocalDatabase(
            process, url, Path.of(line.substring(line.indexOf(" in ") + " in ".length()).strip()));
      }
    }
    process.destroyForcibly();
    throw new IOException("the database did not start; see " + directory.resolve("database.log"));
  }

  /** The JDBC URL. */
  public String url() {
    return url;
  }

  /** The password of the URL's user. */
  public String password() throws IOException {
    return Files.readString(passwordFile).strip();
  }

  /** The file holding that password (mode 0600), for a node's {@code --database-password-file}. */
  public Path passwordFile() {
    return passwordFile;
  }

  /** Kills the server at once: for a JVM exiting without closing what it started. */
  public void kill() {
    process.destroyForcibly();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
