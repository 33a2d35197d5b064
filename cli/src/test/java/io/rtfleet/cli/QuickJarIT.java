package io.rtfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lean jar the launcher answers {@code rtctl version} and {@code rtctl --help} from: the same
 * answers as the full jar's, from rtctl, its API constants and picocli alone.
 */
class QuickJarIT {
  private static final Path FULL = Path.of("target", "rtctl.jar");
  private static final Path QUICK = Path.of("target", "rtctl-quick.jar");
  private static final Path LAUNCHER = Path.of("..", "rtctl");

  private record Run(int exit, String out) {}

  private static Run run(Map<String, String> env, String... command)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(out).isTrue();
    return new Run(process.exitValue(), out);
  }

  private static String java(Path jar, String argument) throws Exception {
    Run run = run(Map.of(), "java", "-jar", jar.toString(), argument);
    assertThat(run.exit()).as(run.out()).isZero();
    return run.out();
  }

  @Test
  void answersVersionAndHelpAsTheFullJarDoesWithoutTheCommandTreesLibraries() throws Exception {
    String help = java(FULL, "--help");

    assertThat(java(QUICK, "--help")).isEqualTo(help).contains("Usage: rtctl", "Exit codes:");
    assertThat(java(QUICK, "version")).isEqualTo(java(FULL, "version")).startsWith("rtctl ");
    try (JarFile jar = new JarFile(QUICK.toFile())) {
      List<String> entries = jar.stream().map(ZipEntry::getName).toList();
      assertThat(entries)
          .contains("io/rtfleet/cli/Rtctl.class", "picocli/CommandLine.class")
          .noneMatch(name -> name.startsWith("io/fabric8/") || name.startsWith("org/jline/"))
          .hasSizeLessThan(1_000);
    }
  }

  @Test
  void theLauncherAnswersFromTheLeanJarOnceTheFullOneHasRenderedTheHelp(@TempDir Path logs)
      throws Exception {
    java(FULL, "--help"); // keeps both variants of the help text beside the jars
    for (String argument : List.of("version", "--help", "-h")) {
      Path loaded = logs.resolve(argument + ".log");
      Run run =
          run(
              Map.of("RTCTL_JAVA_OPTS", "-Xlog:class+load=info:file=" + loaded),
              "sh",
              LAUNCHER.toString(),
              argument);

      assertThat(run.exit()).as(run.out()).isZero();
      assertThat(run.out()).isEqualTo(java(FULL, argument));
      assertThat(Files.readString(loaded))
          .as("classes of rtctl %s", argument)
          .contains("rtctl-quick.jar")
          .doesNotContain("rtctl.jar");
    }
  }
}
