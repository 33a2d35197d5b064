package io.rtfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickAnswersTest {
  @TempDir Path directory;

  private static String quick(String... args) {
    StringWriter out = new StringWriter();
    assertThat(QuickAnswers.answered(args, new PrintWriter(out))).isTrue();
    return out.toString();
  }

  @Test
  void versionAndHelpAreWhatTheCommandTreeAnswers() {
    assertThat(quick("version")).isEqualTo(BenchRun.run("version").out()).startsWith("rtctl ");
    assertThat(quick("--help"))
        .isEqualTo(BenchRun.run("--help").out())
        .isEqualTo(quick("-h"))
        .contains("Usage: rtctl", "Exit codes:");
  }

  @Test
  void anythingElseIsLeftToTheCommandTree() {
    StringWriter out = new StringWriter();
    for (String[] args :
        new String[][] {{}, {"version", "-h"}, {"node", "--help"}, {"--version"}, {"fleet"}}) {
      assertThat(QuickAnswers.answered(args, new PrintWriter(out)))
          .as(String.join(" ", args))
          .isFalse();
    }
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void theKeptUsageIsValidUntilTheNextBuildOfTheJar() throws Exception {
    Path jar = Files.writeString(directory.resolve("rtctl.jar"), "a build");
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));
    QuickAnswers.HelpCache cache = new QuickAnswers.HelpCache(jar);
    assertThat(cache.kept(false)).isEmpty();

    cache.keep(false, "usage");
    cache.keep(true, "colored usage");
    assertThat(cache.kept(false)).contains("usage");
    assertThat(cache.kept(true)).contains("colored usage");
    assertThat(directory.resolve("rtctl-help.plain.txt")).hasContent("usage");

    // a new build: rendered afresh
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
    assertThat(cache.kept(false)).isEmpty();
    assertThat(cache.kept(true)).isEmpty();
  }
}
