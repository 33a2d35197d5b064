package io.rtfleet.node.store;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds and stops a PostgreSQL server that a dead node left running on its data directory.
 *
 * <p>The embedded server is a process of its own: when the node is killed with SIGKILL (or the
 * kernel's OOM killer), the server is re-parented and keeps the directory locked through its {@code
 * postmaster.pid}. The next start then fails, and the one after works only because the failed
 * start's shutdown hook stopped the orphan on its way out. So before starting, a node:
 *
 * <ol>
 *   <li>takes the embedded library's own lock on the directory for a moment: if a live process
 *       holds it, another node is using the directory and nothing is touched;
 *   <li>reads the server's pid from {@code postmaster.pid}; a pid that is gone is left to
 *       PostgreSQL, which clears a stale file itself;
 *   <li>stops a live server with its own {@code pg_ctl stop -m fast} (clients disconnected, a
 *       checkpoint written), or SIGTERM when that tool is gone, and waits for it to exit;
 *   <li>deletes the pid file when the pid now belongs to a process that is not PostgreSQL (pid
 *       reuse after a container restart), which PostgreSQL would take for a running server.
 * </ol>
 */
final class LeftoverServer {
  /** The lock file the embedded library keeps in the data directory while a server runs. */
  private static final String LIBRARY_LOCK = "epg-lock";

  private LeftoverServer() {}

  /** What was found and done, for the node's log; empty when nothing was left over. */
  static Optional<String> stopIfLeftOver(Path dataDirectory, Duration timeout)
      throws IOException, InterruptedException {
    Path pidFile = dataDirectory.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return Optional.empty();
    }
    requireNoLiveOwner(dataDirectory.resolve(LIBRARY_LOCK));
    long pid = pidOf(pidFile);
    Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (process.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> command = process.get().info().command();
    if (command.isEmpty() || !Path.of(command.get()).getFileName().toString().equals("postgres")) {
      Files.deleteIfExists(pidFile);
      return Optional.of(
          "removed a stale postmaster.pid naming pid " + pid + ", now another program");
    }
    long started = System.nanoTime();
    stop(process.get(), Path.of(command.get()).resolveSibling("pg_ctl"), dataDirectory, timeout);
    return Optional.of(
        "stopped the PostgreSQL server (pid "
            + pid
            + ") that a node which did not shut down left running on "
            + dataDirectory
            + ", in "
            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)
            + " ms");
  }

  private static void requireNoLiveOwner(Path lockFile) throws IOException {
    try (FileChannel channel =
        FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException heldHere) {
        lock = null;
      }
      if (lock == null) {
        throw new IOException(
            "the database directory "
                + lockFile.getParent()
                + " is in use by another running node or database process");
      }
      lock.release();
    }
  }

  private static long pidOf(Path pidFile) throws IOException {
    List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
    try {
      return Long.parseLong(lines.isEmpty() ? "" : lines.get(0).strip());
    } catch (NumberFormatException garbled) {
      throw new IOException("cannot read a pid from " + pidFile);
    }
  }

  private static void stop(ProcessHandle server, Path pgCtl, Path dataDirectory, Duration timeout)
      throws IOException, InterruptedException {
    Path pidFile = dataDirectory.resolve("postmaster.pid");
    if (!(Files.isExecutable(pgCtl) && stoppedByPgCtl(pgCtl, dataDirectory, timeout))) {
      // SIGTERM, a "smart" shutdown: it waits for clients, and the dead node's are gone.
      server.destroy();
    }
    if (awaitStopped(server, pidFile, timeout)) {
      return;
    }
    // Killed outright, it leaves a directory that PostgreSQL recovers on its next start.
    server.descendants().forEach(ProcessHandle::destroyForcibly);
    server.destroyForcibly();
    if (!awaitStopped(server, pidFile, timeout)) {
      throw new IOException(
          "the PostgreSQL server left running (pid " + server.pid() + ") does not stop");
    }
  }

  /** {@code pg_ctl stop -m fast}, run as the library runs it (pg_ctl refuses to run as root). */
  private static boolean stoppedByPgCtl(Path pgCtl, Path dataDirectory, Duration timeout)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if (LinuxUtils.isUnshareAvailable()) {
      command.addAll(List.of("unshare", "-U"));
    }
    command.addAll(
        List.of(
            pgCtl.toString(),
            "-D",
            dataDirectory.toString(),
            "stop",
            "-m",
            "fast",
            "-w",
            "-t",
            Long.toString(Math.max(1, timeout.toSeconds()))));
    Process stop =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!stop.waitFor(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS)) {
      stop.destroyForcibly();
      return false;
    }
    return stop.exitValue() == 0;
  }

  /**
   * Waits until the server has released the directory (PostgreSQL removes its pid file last) or is
   * gone. Its exit is polled: it is not this process's child, and until whoever adopted it reaps it
   * it lingers as a zombie that still counts as alive.
   */
  private static boolean awaitStopped(ProcessHandle server, Path pidFile, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (Files.exists(pidFile) && running(server)) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      Thread.sleep(50);
    }
    return true;
  }

  private static boolean running(ProcessHandle process) {
    if (!process.isAlive()) {
      return false;
    }
    Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
    if (!Files.exists(stat.getParent().getParent().resolve("self"))) {
      return true;
    }
    try {
      String fields = Files.readString(stat, StandardCharsets.UTF_8);
      int name = fields.lastIndexOf(')');
      return name < 0 || name + 2 >= fields.length() || fields.charAt(name + 2) != 'Z';
    } catch (IOException gone) {
      return false;
    }
  }
}
