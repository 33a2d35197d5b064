package io.rtfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/** Runs {@code rtctl} as an SRE would, with {@code -o json}, and reads its report. */
public final class BenchRun {
  /** The node jar the scenarios start, as built by the reactor. */
  public static final Path NODE_JAR = Path.of("..", "realtime-node", "target", "realtime-node.jar");

  private static final ObjectMapper JSON = new ObjectMapper();

  private BenchRun() {}

  /** What a run printed, and its exit code. */
  public record Output(int exit, String out, String err) {
    /** The JSON report, the last line of the output ({@code -o json}). */
    public JsonNode report() throws Exception {
      List<String> lines = out.lines().toList();
      return JSON.readTree(lines.get(lines.size() - 1));
    }
  }

  /** Runs the command in this JVM. */
  public static Output run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = Rtctl.commandLine();
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    int exit = command.execute(args);
    return new Output(exit, out.toString(), err.toString());
  }

  /**
   * Runs the command, requires exit code 0 (its stderr as the message otherwise), returns the JSON.
   */
  public static JsonNode report(String... args) throws Exception {
    Output run = run(args);
    assertThat(run.exit()).as(run.err()).isZero();
    return run.report();
  }
}
