package io.rtfleet.cli.top;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rtfleet.cli.exit.ExitCodes;
import io.rtfleet.cli.ops.Fleets;
import io.rtfleet.cli.ops.KubeOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.NonBlockingReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "top",
    mixinStandardHelpOptions = true,
    description = {
      "A live view of a fleet: per node its phase, sessions, guilds and slots (from the fleet's"
          + " status) and its guild events per second, deliveries per second and fan-out p99 since"
          + " the last refresh (from each node's /metrics at its pod IP, reachable with 'rtctl dev"
          + " up').",
      "On a terminal it fills the screen and refreshes in place; keys sort it (n name, s"
          + " sessions, g guilds, l slots, m msg/s, p p99) and q quits. Elsewhere (a pipe, a"
          + " script) it prints the table every --interval, as top -b does.",
    })
public final class TopCommand implements Callable<Integer> {
  @Mixin KubeOptions kube;

  @Option(names = "--fleet", description = "The fleet (default: the namespace's only one).")
  String fleet;

  @Option(
      names = "--interval",
      paramLabel = "SECONDS",
      description = "Seconds between refreshes (default: ${DEFAULT-VALUE}).")
  double intervalSeconds = 2;

  @Option(
      names = "--iterations",
      paramLabel = "N",
      description = "Stop after N refreshes (default: until q, or interrupted).")
  int iterations;

  @Option(
      names = "--sort",
      description = "The first order: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  TopRow.Sort sort = TopRow.Sort.NAME;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!(intervalSeconds >= 0.2)) {
      throw new IllegalArgumentException("--interval must be at least 0.2 seconds");
    }
    try (KubernetesClient client = kube.client()) {
      String name =
          fleet == null
              ? Fleets.only(client).getMetadata().getName()
              : Fleets.read(client, fleet).getMetadata().getName();
      FleetSampler sampler = new FleetSampler(client, name);
      Terminal terminal = terminals.open();
      if (terminal == null) {
        return plain(sampler, name, spec.commandLine().getOut());
      }
      try (terminal) {
        return fullScreen(sampler, name, terminal);
      }
    }
  }

  /** Where the terminal to draw on comes from: the one rtctl runs on, unless a test gives one. */
  interface Terminals {
    /** The terminal to draw on, or null to print plain tables. */
    Terminal open() throws IOException;
  }

  Terminals terminals = TopCommand::interactiveTerminal;

  /** The terminal rtctl runs on, or null when it does not run on one (a pipe, a script). */
  private static Terminal interactiveTerminal() throws IOException {
    if (System.console() == null) {
      return null;
    }
    Terminal terminal = TerminalBuilder.builder().system(true).build();
    if (Terminal.TYPE_DUMB.equals(terminal.getType())
        || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType())) {
      terminal.close();
      return null;
    }
    return terminal;
  }

  private int plain(FleetSampler sampler, String name, PrintWriter out)
      throws InterruptedException {
    Map<String, NodeSample> before = Map.of();
    long last = 0;
    for (int refresh = 1; iterations == 0 || refresh <= iterations; refresh++) {
      FleetSampler.Sample sample = sampler.sample();
      List<TopRow> rows = TopRow.of(sample.nodes(), before, (sample.nanos() - last) / 1e9, sort);
      TopScreen.lines(name, sample.summary(), rows, sort, 0, false).forEach(out::println);
      out.println();
      out.flush();
      before = byNode(sample.nodes());
      last = sample.nanos();
      if (iterations == 0 || refresh < iterations) {
        TimeUnit.MILLISECONDS.sleep((long) (intervalSeconds * 1000));
      }
    }
    return ExitCodes.OK;
  }

  private int fullScreen(FleetSampler sampler, String name, Terminal terminal) throws IOException {
    Attributes saved = terminal.enterRawMode();
    terminal.puts(Capability.enter_ca_mode);
    terminal.puts(Capability.cursor_invisible);
    Display display = new Display(terminal, true);
    try {
      Map<String, NodeSample> before = Map.of();
      long last = 0;
      NonBlockingReader keys = terminal.reader();
      for (int refresh = 1; iterations == 0 || refresh <= iterations; refresh++) {
        FleetSampler.Sample sample = sampler.sample();
        List<TopRow> rows = TopRow.of(sample.nodes(), before, (sample.nanos() - last) / 1e9, sort);
        draw(terminal, display, name, sample.summary(), rows);
        before = byNode(sample.nodes());
        last = sample.nanos();
        // Waiting for a key is the refresh timer: a key that sorts redraws at once.
        long until = System.nanoTime() + (long) (intervalSeconds * 1e9);
        while (System.nanoTime() < until) {
          int key = keys.read(Math.max(1, (until - System.nanoTime()) / 1_000_000));
          if (key == 'q' || key == 'Q' || key == 3 || key == NonBlockingReader.EOF) {
            return ExitCodes.OK;
          }
          TopRow.Sort chosen = TopRow.Sort.ofKey(key);
          if (chosen != null) {
            sort = chosen;
            rows = rows.stream().sorted(sort.order).toList();
            draw(terminal, display, name, sample.summary(), rows);
          }
        }
      }
      return ExitCodes.OK;
    } finally {
      terminal.puts(Capability.cursor_visible);
      terminal.puts(Capability.exit_ca_mode);
      terminal.setAttributes(saved);
      terminal.flush();
    }
  }

  /** Redraws the screen in place, cut to the terminal's size (which may have changed). */
  private void draw(
      Terminal terminal, Display display, String name, String summary, List<TopRow> rows) {
    Size size = terminal.getSize();
    if (size.getRows() <= 0 || size.getColumns() <= 0) {
      size = new Size(80, 24); // a terminal that does not say its size
    }
    display.resize(size.getRows(), size.getColumns());
    display.update(
        TopScreen.lines(name, summary, rows, sort, size.getColumns(), true).stream()
            .limit(Math.max(1, size.getRows() - 1))
            .map(AttributedString::new)
            .toList(),
        0);
    terminal.flush();
  }

  private static Map<String, NodeSample> byNode(List<NodeSample> nodes) {
    Map<String, NodeSample> byNode = new HashMap<>();
    nodes.forEach(node -> byNode.put(node.node(), node));
    return byNode;
  }
}
