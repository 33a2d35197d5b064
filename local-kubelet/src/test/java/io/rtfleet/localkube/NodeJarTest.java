package io.rtfleet.localkube;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node jar's class data sharing archive is used only where it cannot fail the start. */
class NodeJarTest {
  @Test
  void anArchiveNewerThanItsJarIsUsedAnOlderOneOrNoneIsNot(@TempDir Path directory)
      throws Exception {
    Path jar = Files.writeString(directory.resolve("realtime-node.jar"), "jar");
    assertThat(NodeJar.classDataSharing(jar, List.of())).isEmpty();

    Path archive = Files.writeString(directory.resolve("realtime-node.jsa"), "archive");
    Instant built = Instant.parse("2026-11-30T12:00:00Z");
    Files.setLastModifiedTime(jar, FileTime.from(built));
    Files.setLastModifiedTime(archive, FileTime.from(built.plusSeconds(3)));
    assertThat(NodeJar.classDataSharing(jar, List.of("-Xmx256m")))
        .contains("-XX:SharedArchiveFile=" + archive);

    Files.setLastModifiedTime(jar, FileTime.from(built.plusSeconds(60)));
    assertThat(NodeJar.classDataSharing(jar, List.of())).as("a jar built since").isEmpty();
  }

  /** JDK 17 crashes loading an archived class with a class file load hook set from the start. */
  @Test
  void noArchiveWithARecordingOrAnAgentFromTheStart(@TempDir Path directory) throws Exception {
    Path jar = Files.writeString(directory.resolve("realtime-node.jar"), "jar");
    Path archive = Files.writeString(directory.resolve("realtime-node.jsa"), "archive");
    Files.setLastModifiedTime(
        archive, FileTime.from(Files.getLastModifiedTime(jar).toInstant().plusSeconds(1)));

    for (String option :
        List.of(
            "-XX:StartFlightRecording=filename=node.jfr",
            "-javaagent:apm.jar",
            "-agentlib:jdwp=transport=dt_socket",
            "-agentpath:/opt/profiler.so")) {
      assertThat(NodeJar.classDataSharing(jar, List.of("-Xmx1g", option))).as(option).isEmpty();
    }
  }
}
