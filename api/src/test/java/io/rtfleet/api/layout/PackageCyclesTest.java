package io.rtfleet.api.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keeps every module's packages layered: each package imports only packages below it, so the layout
 * reads top-down (see docs/architecture.md) and any layer can be tested without those above.
 */
class PackageCyclesTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "api",
        "coordinator",
        "realtime-node",
        "controller",
        "cli",
        "benchmarks",
        "testing/kube-junit"
      })
  void moduleHasNoPackageCycle(String module) throws IOException {
    Path sources = Path.of("..", module, "src", "main", "java");
    assertThat(sources).isDirectory();
    PackageGraph graph = new PackageGraph("io.rtfleet");
    try (Stream<Path> files = Files.walk(sources)) {
      List<Path> java = files.filter(f -> f.toString().endsWith(".java")).toList();
      assertThat(java).isNotEmpty();
      java.forEach(file -> graph.add(read(file)));
    }

    assertThat(graph.cycles()).as("package cycles in %s", module).isEmpty();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
