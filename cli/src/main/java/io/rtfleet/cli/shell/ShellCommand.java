package io.rtfleet.cli.shell;

import io.rtfleet.cli.exit.ExitCodes;
import io.rtfleet.cli.ops.ResourceNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.jline.console.SystemRegistry;
import org.jline.console.impl.SystemRegistryImpl;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Parser;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.shell.jline3.PicocliCommands;

@Command(
    name = "shell",
    mixinStandardHelpOptions = true,
    description = {
      "An interactive rtctl: every command without typing rtctl, with Tab completion of commands,"
          + " options and the names of fleets, nodes and rebalances (from the current kubeconfig),"
          + " and a history kept across sessions in ~/.rtfleet/history.",
      "Ctrl-C drops the line, Ctrl-D or 'exit' leaves.",
    })
public final class ShellCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    System.setProperty(ResourceNames.IN_SHELL, "true");
    Supplier<Path> workDir = () -> Path.of(System.getProperty("user.dir"));
    // The command tree this command belongs to, with its error handling: the shell runs its
    // siblings.
    PicocliCommands picocli = new PicocliCommands(spec.root().commandLine());
    Parser parser = new DefaultParser();
    Path history = Path.of(System.getProperty("user.home"), ".rtfleet", "history");
    Files.createDirectories(history.getParent());
    try (Terminal terminal = TerminalBuilder.builder().build()) {
      SystemRegistry registry = new SystemRegistryImpl(parser, terminal, workDir, null);
      registry.setCommandRegistries(picocli);
      registry.register("help", picocli);
      LineReader reader =
          LineReaderBuilder.builder()
              .terminal(terminal)
              .appName("rtctl")
              .completer(registry.completer())
              .parser(parser)
              .variable(LineReader.LIST_MAX, 50)
              .variable(LineReader.HISTORY_FILE, history)
              .build();
      terminal
          .writer()
          .println("rtctl shell: Tab completes, 'help' lists the commands, Ctrl-D leaves");
      terminal.flush();
      while (true) {
        String line;
        try {
          registry.cleanUp();
          line = reader.readLine("rtctl> ");
        } catch (UserInterruptException dropped) {
          continue;
        } catch (EndOfFileException done) {
          return ExitCodes.OK;
        }
        if (line.isBlank()) {
          continue;
        }
        if (line.trim().equals("exit") || line.trim().equals("quit")) {
          return ExitCodes.OK;
        }
        try {
          registry.execute(line);
        } catch (Exception failed) {
          registry.trace(failed);
        }
      }
    }
  }
}
