package io.rtfleet.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rtctl shell as a user drives it, lines typed into the built jar's standard input. */
class ShellIT {
  private static final Path JAR = Path.of("target", "rtctl.jar");

  @Test
  void commandsRunOneAfterAnotherAFailureDoesNotEndTheShellAndExitLeaves(@TempDir Path home)
      throws IOException, InterruptedException {
    Process shell =
        new ProcessBuilder("java", "-Duser.home=" + home, "-jar", JAR.toString(), "shell")
            .redirectErrorStream(true)
            .start();
    shell
        .getOutputStream()
        .write(
            String.join(
                    "\n",
                    "version",
                    "fleet list --kubeconfig /nonexistent/kubeconfig",
                    "rollout --help",
                    "exit",
                    "")
                .getBytes(StandardCharsets.UTF_8));
    shell.getOutputStream().close();

    assertThat(shell.waitFor(60, TimeUnit.SECONDS)).as("the shell left").isTrue();
    String out = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(shell.exitValue()).as(out).isZero();
    assertThat(out)
        .contains("rtctl shell: Tab completes")
        .contains("rtctl      0.1.0")
        .contains("--kubeconfig /nonexistent/kubeconfig: no such file")
        .contains("history", "undo", "promote");
    assertThat(home.resolve(".rtfleet").resolve("history")).exists();
  }
}
