package io.rtfleet.cli.top;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rtfleet.api.crd.FleetNodeStatus;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.api.crd.RealtimeFleetSpec;
import io.rtfleet.api.crd.RealtimeFleetStatus;
import io.rtfleet.cli.TestKubeconfig;
import io.rtfleet.localkube.MockApiServer;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.jline.builtins.ScreenTerminal;
import org.jline.terminal.Attributes;
import org.jline.terminal.Attributes.LocalFlag;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * rtctl top on a terminal, driven as a user drives it: a JLine terminal whose keyboard is the
 * test's keys and whose screen is captured, against an API server holding a fleet's status.
 */
class TopTerminalTest {
  @Test
  void itFillsTheAlternateScreenSortsOnAKeyAndQuitsOnQGivingTheScreenBack(@TempDir Path directory)
      throws Exception {
    try (MockApiServer api = MockApiServer.start()) {
      KubernetesClient client = api.client();
      fleet(client);
      Path kubeconfig =
          TestKubeconfig.write(directory, client.getMasterUrl().toString(), "default");
      PipedOutputStream keys = new PipedOutputStream();
      PipedInputStream keyboard = new PipedInputStream(keys);
      ByteArrayOutputStream screen = new ByteArrayOutputStream();
      // In process, not a pty: a pty's output pump may stop before it copied the last bytes.
      Terminal terminal =
          new ExternalTerminal("top", "xterm", keyboard, screen, StandardCharsets.UTF_8);
      terminal.setSize(new Size(110, 20));
      // a shell's terminal: lines edited and echoed (raw mode turns both off)
      Attributes shell = terminal.getAttributes();
      shell.setLocalFlags(EnumSet.of(LocalFlag.ICANON, LocalFlag.ECHO), true);
      terminal.setAttributes(shell);
      TopCommand top = new TopCommand();
      top.terminals = () -> terminal;

      CompletableFuture<Integer> exit =
          CompletableFuture.supplyAsync(
              () ->
                  new CommandLine(top)
                      .execute(
                          "--fleet",
                          "chat",
                          "--interval",
                          "0.3",
                          "--kubeconfig",
                          kubeconfig.toString()));

      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(seen(screen))
                      .as("exit %s", exit.isDone() ? exit.join() : "running")
                      .contains("(by name)", "chat-1"));
      String byName = seen(screen);
      assertThat(byName)
          .contains("fleet chat: 2/2 ready, 14 sessions", "NODE", "SESSIONS", "P99 MS");
      assertThat(byName.indexOf("chat-0")).isLessThan(byName.indexOf("chat-1"));
      // the alternate screen: the shell's screen is kept
      assertThat(shown(screen)).startsWith("\u001b[?1049h");
      keys.write('s');
      keys.flush();
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(seen(screen)).contains("(by sessions)"));
      String bySessions = seen(screen);
      assertThat(bySessions.indexOf("chat-1")).isLessThan(bySessions.indexOf("chat-0"));
      keys.write('q');
      keys.flush();

      assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
      // the shell's screen, cursor and line editing are given back
      String afterTheLastDraw = shown(screen).substring(shown(screen).lastIndexOf("chat-0"));
      // cursor visible (xterm's ?25h, with or without ?12), then the main screen (?1049l)
      assertThat(afterTheLastDraw).containsPattern("\u001b\\[\\?(\\d+;)*25h\u001b\\[\\?1049l");
      assertThat(terminal.getAttributes().getLocalFlags())
          .contains(LocalFlag.ICANON, LocalFlag.ECHO);
    }
  }

  /** The screen as a user sees it: the bytes written so far played on a VT100 emulator. */
  private static String seen(ByteArrayOutputStream screen) {
    ScreenTerminal vt = new ScreenTerminal(110, 20);
    vt.write(shown(screen));
    return vt.toString();
  }

  /** The bytes written to the terminal so far. */
  private static String shown(ByteArrayOutputStream screen) {
    synchronized (screen) {
      return screen.toString(StandardCharsets.UTF_8);
    }
  }

  private static void fleet(KubernetesClient client) {
    RealtimeFleet fleet = new RealtimeFleet();
    fleet.getMetadata().setName("chat");
    fleet.getMetadata().setNamespace("default");
    fleet.setSpec(new RealtimeFleetSpec());
    fleet.getSpec().setReplicas(2);
    RealtimeFleet created = client.resource(fleet).create();
    RealtimeFleetStatus status = new RealtimeFleetStatus();
    status.setReady("2/2");
    status.setSessions(14L);
    status.setNodes(List.of(node("chat-0", 5), node("chat-1", 9)));
    created.setStatus(status);
    client.resource(created).updateStatus();
  }

  private static FleetNodeStatus node(String name, long sessions) {
    FleetNodeStatus node = new FleetNodeStatus();
    node.setName(name);
    node.setPhase("Active");
    node.setReady(true);
    node.setSessions(sessions);
    return node;
  }
}
