package io.rtfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtfleet.cli.exit.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The commands that answer at once: version, completion, and a wrong command line. */
class RtctlCommandsTest {
  private record Run(int exit, String out, String err) {}

  private static Run rtctl(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = Rtctl.commandLine();
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    return new Run(command.execute(args), out.toString(), err.toString());
  }

  @Test
  void versionNamesTheCliTheAdminApiItSpeaksAndItsJava() {
    Run version = rtctl("version");
    assertThat(version.exit()).isZero();
    assertThat(version.out())
        .contains("rtctl      " + Rtctl.VERSION, "admin API  1 to 1", "Java       17");
  }

  @Test
  void completionCompletesEveryCommandAndZshGetsBashsLayerFirst() {
    Run bash = rtctl("completion", "bash");
    assertThat(bash.exit()).isZero();
    assertThat(bash.out()).contains("complete -F _complete_rtctl", "dev", "bench", "failover");
    assertThat(bash.out()).contains("--detach", "--nodes");
    Run zsh = rtctl("completion", "zsh");
    assertThat(zsh.out()).startsWith("autoload -U +X compinit").contains("bashcompinit");
  }

  @Test
  void aShellItCannotCompleteForIsAUsageErrorThatListsTheOnesItCan() {
    Run fish = rtctl("completion", "fish");
    assertThat(fish.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(fish.err()).contains("expected one of [bash, zsh]");
  }

  @Test
  void devUpRefusesAFileThatIsNoFleetBeforeStartingAnything(@TempDir Path directory)
      throws Exception {
    Path file = Files.writeString(directory.resolve("fleet.yaml"), "kind: [unclosed");
    Run up =
        rtctl("dev", "up", "-f", file.toString(), "--dir", directory.resolve("dev").toString());
    assertThat(up.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(up.err()).contains("fleet.yaml is not a RealtimeFleet");
    assertThat(directory.resolve("dev")).doesNotExist();
  }

  @Test
  void devUpRefusesANodeCountItCannotRunBeforeStartingAnything() {
    Run up = rtctl("dev", "up", "--nodes", "0", "--dir", "target/dev-refused");
    assertThat(up.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(up.err()).contains("--nodes must be between 1 and 20");
  }
}
