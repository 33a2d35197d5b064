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

  /**
   * Runs the command, requires exit code 0 (its stderr as the message otherwise), returns the JSON.
   */
  public static JsonNode report(String... args) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = Rtctl.commandLine();
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    int exit = command.execute(args);
    assertThat(exit).as(err.toString()).isZero();
    List<String> lines = out.toString().lines().toList();
    return JSON.readTree(lines.get(lines.size() - 1));
  }
}
