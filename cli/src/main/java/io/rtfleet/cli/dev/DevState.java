package io.rtfleet.cli.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Properties;

/**
 * What a running {@code rtctl dev up} leaves in its directory ({@code .rtfleet/dev} by default) for
 * the commands that come after it: its pid (written first, so that a second {@code dev up} finds it
 * while it starts), then, once the fleet is ready, where it listens, a kubeconfig for its API
 * server, and the fleet's admin token (readable by its owner only). {@code dev down} and a process
 * that stops remove them.
 */
final class DevState {
  private static final String PID = "dev.pid";
  private static final String UP = "dev.properties";
  private static final String KUBECONFIG = "kubeconfig";
  private static final String ADMIN_TOKEN = "admin-token";
  private static final String LOG = "dev.log";

  /** Where a running environment listens, as {@code dev up} printed it. */
  record Up(
      long pid,
      String apiServer,
      String namespace,
      String fleet,
      String gatewayUrl,
      String restUrl,
      String adminUrl) {}

  private final Path directory;

  DevState(Path directory) {
    this.directory = directory;
  }

  Path directory() {
    return directory;
  }

  Path kubeconfig() {
    return directory.resolve(KUBECONFIG);
  }

  Path adminToken() {
    return directory.resolve(ADMIN_TOKEN);
  }

  Path log() {
    return directory.resolve(LOG);
  }

  /** Where the database, the pods' files and their logs go. */
  Path run() {
    return directory.resolve("run");
  }

  /** The process of the environment started here, if it still runs. */
  Optional<ProcessHandle> running() {
    Path pid = directory.resolve(PID);
    if (!Files.isRegularFile(pid)) {
      return Optional.empty();
    }
    try {
      return ProcessHandle.of(Long.parseLong(Files.readString(pid).trim()))
          .filter(ProcessHandle::isAlive);
    } catch (IOException | NumberFormatException unreadable) {
      return Optional.empty();
    }
  }

  /** The environment's addresses, once it is up; empty while it starts. */
  Optional<Up> up() {
    Path file = directory.resolve(UP);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Properties properties = new Properties();
    try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException unreadable) {
      return Optional.empty();
    }
    return Optional.of(
        new Up(
            Long.parseLong(properties.getProperty("pid")),
            properties.getProperty("apiServer"),
            properties.getProperty("namespace"),
            properties.getProperty("fleet"),
            properties.getProperty("gatewayUrl"),
            properties.getProperty("restUrl"),
            properties.getProperty("adminUrl")));
  }

  /** Claims the directory for this process. */
  void starting(long pid) throws IOException {
    Files.createDirectories(directory);
    Files.deleteIfExists(directory.resolve(UP));
    write(PID, pid + "\n", false);
  }

  /** Records the environment as up, with a kubeconfig for it and the fleet's admin token. */
  void up(Up up, String kubeconfig, String adminToken) throws IOException {
    write(KUBECONFIG, kubeconfig, true);
    write(ADMIN_TOKEN, adminToken + "\n", true);
    Properties properties = new Properties();
    properties.setProperty("pid", Long.toString(up.pid()));
    properties.setProperty("apiServer", up.apiServer());
    properties.setProperty("namespace", up.namespace());
    properties.setProperty("fleet", up.fleet());
    properties.setProperty("gatewayUrl", up.gatewayUrl());
    properties.setProperty("restUrl", up.restUrl());
    properties.setProperty("adminUrl", up.adminUrl());
    var text = new java.io.StringWriter();
    properties.store(text, "rtctl dev up");
    write(UP, text.toString(), false);
  }

  /** Forgets the environment (it stopped): its addresses, kubeconfig, token and pid. */
  void stopped() {
    for (String file : new String[] {UP, KUBECONFIG, ADMIN_TOKEN, PID}) {
      try {
        Files.deleteIfExists(directory.resolve(file));
      } catch (IOException stuck) {
        throw new UncheckedIOException(stuck);
      }
    }
  }

  /** Written whole or not at all: a reader never sees half a file. */
  private void write(String name, String content, boolean ownerOnly) throws IOException {
    Path temporary = Files.createTempFile(directory, name, ".tmp");
    if (ownerOnly) {
      try {
        Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // a file system without permissions: the directory's own protect it
      }
    }
    Files.writeString(temporary, content, StandardCharsets.UTF_8);
    Files.move(
        temporary,
        directory.resolve(name),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }
}
