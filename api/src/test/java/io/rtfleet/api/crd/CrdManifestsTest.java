package io.rtfleet.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CRDs in {@code manifests/crds/} are the ones the build generates from these classes
 * (Fabric8's crd-generator, into {@code target/classes/META-INF/fabric8/}): what is installed in a
 * cluster is what the operator reads and writes.
 */
class CrdManifestsTest {
  private static final Path GENERATED = Path.of("target", "classes", "META-INF", "fabric8");
  private static final Path CHECKED_IN = Path.of("..", "manifests", "crds");

  @Test
  void everyCheckedInCrdIsTheOneTheBuildGenerates() throws IOException {
    List<String> generated = names(GENERATED);
    assertThat(generated)
        .as("CRDs generated from api/")
        .contains("realtimefleets.rtfleet.io-v1.yml", "guildrebalances.rtfleet.io-v1.yml");
    assertThat(names(CHECKED_IN))
        .as("manifests/crds/ holds exactly the generated CRDs")
        .containsExactlyInAnyOrderElementsOf(generated);
    for (String name : generated) {
      assertThat(Files.readString(CHECKED_IN.resolve(name)))
          .as(
              "manifests/crds/%s differs from what the build generates from api/; after a change"
                  + " to the resource classes run: cp api/target/classes/META-INF/fabric8/*.yml"
                  + " manifests/crds/",
              name)
          .isEqualTo(Files.readString(GENERATED.resolve(name)));
    }
  }

  private static List<String> names(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(file -> file.getFileName().toString()).sorted().toList();
    }
  }
}
