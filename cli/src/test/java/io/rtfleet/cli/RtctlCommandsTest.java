package io.rtfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtfleet.cli.exit.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

  /** The bash script as bash runs it: what Tab offers after a partial command line. */
  @Test
  void theBashScriptCompletesSubcommandsAndOptionsInBash(@TempDir Path directory) throws Exception {
    Path script =
        Files.writeString(directory.resolve("rtctl.bash"), rtctl("completion", "bash").out());

    assertThat(complete(script, "rtctl", "gu")).containsExactly("guild");
    assertThat(complete(script, "rtctl", "guild", "")).contains("locate", "move", "pin", "unpin");
    assertThat(complete(script, "rtctl", "guild", "move", "--t")).contains("--to", "--timeout");
  }

  /** What bash's completion function offers for {@code words}, the last one being completed. */
  private static List<String> complete(Path script, String... words) throws Exception {
    String line = String.join(" ", words);
    StringBuilder array = new StringBuilder();
    for (String word : words) {
      array.append('\'').append(word).append("' ");
    }
    String program =
        "source '"
            + script
            + "'; COMP_WORDS=("
            + array
            + "); COMP_CWORD="
            + (words.length - 1)
            + "; COMP_LINE='"
            + line
            + "'; COMP_POINT="
            + line.length()
            + "; _complete_rtctl; printf '%s\\n' \"${COMPREPLY[@]}\"";
    Process bash = new ProcessBuilder("bash", "-c", program).redirectErrorStream(true).start();
    String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(bash.exitValue()).as(out).isZero();
    return out.lines().filter(candidate -> !candidate.isBlank()).toList();
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
