package io.rtfleet.testing.kube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds the harness's binaries by running {@code testing/kube/build.sh}, which builds them the
 * first time on a machine and otherwise answers from its cache at once.
 */
final class HarnessBinaries {

  private static Path found;

  private HarnessBinaries() {}

  static synchronized Path locate() {
    if (found == null) {
      found = build(buildScript());
    }
    return found;
  }

  private static Path buildScript() {
    String configured = System.getProperty("rtfleet.kube.build");
    if (configured != null) {
      return Path.of(configured);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path script = dir.resolve("testing/kube/build.sh");
      if (Files.isExecutable(script)) {
        return script;
      }
    }
    throw new IllegalStateException(
        "testing/kube/build.sh not found above "
            + Path.of("").toAbsolutePath()
            + "; set -Drtfleet.kube.build=<path to build.sh>");
  }

  static Path build(Path script) {
    try {
      Process build =
          new ProcessBuilder(script.toString())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      build.getOutputStream().close();
      List<String> lines =
          new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
              .lines()
              .toList();
      int exit = build.waitFor();
      if (exit != 0 || lines.isEmpty()) {
        throw new IllegalStateException(
            script + " failed (exit " + exit + "); see its output above");
      }
      return Path.of(lines.get(lines.size() - 1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while building the kube harness", e);
    }
  }
}
