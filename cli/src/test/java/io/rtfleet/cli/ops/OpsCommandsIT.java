package io.rtfleet.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.rtfleet.api.crd.DrainSpec;
import io.rtfleet.api.crd.FleetNodeStatus;
import io.rtfleet.api.crd.NodeTemplate;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.api.crd.RealtimeFleetSpec;
import io.rtfleet.api.protocol.Slots;
import io.rtfleet.cli.BenchRun;
import io.rtfleet.cli.Rtctl;
import io.rtfleet.cli.TestKubeconfig;
import io.rtfleet.cli.exit.ExitCodes;
import io.rtfleet.cli.fleet.OperatedFleet;
import io.rtfleet.controller.model.Conditions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The SRE commands against an operated fleet, the way an SRE types them: through a kubeconfig, to a
 * local API server whose operator and kubelet run real node processes.
 */
class OpsCommandsIT {
  private static final Duration WAIT = Duration.ofSeconds(180);
  private static final String NAMESPACE = "ops";

  @TempDir static Path directory;
  private static OperatedFleet fleet;
  private static Path kubeconfig;

  private record Run(int exit, String out, String err) {}

  @BeforeAll
  static void start() throws Exception {
    NodeTemplate template = new NodeTemplate();
    template.setImage("rtfleet/realtime-node:test");
    template.setJvmOptions(List.of("-Xmx256m"));
    DrainSpec drain = new DrainSpec();
    drain.setReadinessDelaySeconds(1);
    drain.setWaveIntervalMillis(100);
    RealtimeFleetSpec spec = new RealtimeFleetSpec();
    spec.setReplicas(2);
    spec.setTemplate(template);
    spec.setDrain(drain);
    RealtimeFleet chat = new RealtimeFleet();
    chat.getMetadata().setName("chat");
    chat.getMetadata().setNamespace(NAMESPACE);
    chat.setSpec(spec);
    fleet =
        OperatedFleet.start(
            BenchRun.NODE_JAR,
            directory.resolve("kube"),
            chat,
            null,
            new PrintWriter(System.out, true),
            WAIT);
    kubeconfig =
        TestKubeconfig.write(directory, fleet.client().getMasterUrl().toString(), NAMESPACE);
  }

  @AfterAll
  static void stop() throws Exception {
    fleet.close();
  }

  private static Run rtctl(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = Rtctl.commandLine();
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    String[] withConfig =
        Stream.concat(Stream.of(args), Stream.of("--kubeconfig", kubeconfig.toString()))
            .toArray(String[]::new);
    return new Run(command.execute(withConfig), out.toString(), err.toString());
  }

  /** What a read command printed with -o json (or -o yaml: YAML is JSON's superset). */
  private static JsonNode document(Run run) throws Exception {
    assertThat(run.exit()).as(run.err()).isZero();
    return new YAMLMapper().readTree(run.out());
  }

  private static String header(Run run) {
    assertThat(run.exit()).as(run.err()).isZero();
    return run.out().lines().findFirst().orElse("");
  }

  private static FleetNodeStatus node(String name) {
    return fleet.read().getStatus().getNodes().stream()
        .filter(node -> node.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void anSreSeesTheFleetCordonsANodeScalesAndDrainsItWithTheProgressShown() throws Exception {
    Run list = rtctl("fleet", "list");
    assertThat(list.exit()).as(list.err()).isZero();
    assertThat(list.out().lines().toList())
        .first()
        .asString()
        .startsWith("NAME")
        .contains("READY", "SESSIONS", "EPOCH", "ROLLOUT");
    assertThat(list.out()).containsPattern("chat +2/2 +2 ");
    // Every read command: -o json|yaml|name|wide, as kubectl's.
    JsonNode fleets = document(rtctl("fleet", "list", "-o", "json"));
    assertThat(fleets.get("kind").asText()).isEqualTo("List");
    assertThat(fleets.get("items").findValuesAsText("name")).contains("chat");
    assertThat(document(rtctl("fleet", "list", "-o", "yaml")).at("/items/0/kind").asText())
        .isEqualTo("RealtimeFleet");
    assertThat(rtctl("fleet", "list", "-o", "name").out())
        .contains("realtimefleet.rtfleet.io/chat");
    assertThat(header(rtctl("fleet", "list", "-o", "wide")))
        .contains("UPDATED", "REVISION", "SLOTS");
    JsonNode nodes = document(rtctl("node", "list", "chat", "-o", "json"));
    assertThat(nodes.get("items").findValuesAsText("name"))
        .hasSize(2)
        .allMatch(name -> name.startsWith("chat-"));
    assertThat(nodes.at("/items/0/slots").asInt()).isPositive();
    assertThat(document(rtctl("node", "list", "chat", "-o", "yaml")).at("/items/1/phase").asText())
        .isEqualTo("Active");
    assertThat(rtctl("node", "list", "chat", "-o", "name").out().lines())
        .hasSize(2)
        .allMatch(line -> line.matches("pod/chat-\\d+"));
    assertThat(header(rtctl("node", "list", "chat", "-o", "wide"))).endsWith("MESSAGE");
    Run badFormat = rtctl("node", "list", "chat", "-o", "xml");
    assertThat(badFormat.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(badFormat.err()).contains("table, wide, json, yaml, name");

    Run describe = rtctl("fleet", "describe", "chat");
    assertThat(describe.exit()).as(describe.err()).isZero();
    assertThat(describe.out())
        .contains("Name:        chat", "Namespace:   ops", "Operation:   none")
        .containsPattern("Ready +True")
        .containsPattern("chat-0 +Active +true")
        .contains("CreatingNode");

    Run node = rtctl("node", "describe", "chat-0");
    assertThat(node.exit()).as(node.err()).isZero();
    assertThat(node.out())
        .contains(
            "Fleet:       ops/chat", "Asked:       nothing", "Status:      Active, 2048 slots")
        .containsPattern("Node says: +ACTIVE, ready, epoch \\d+")
        .contains("creating node pod chat-0");

    assertThat(rtctl("node", "cordon", "chat-1").out()).contains("node chat-1 cordoned");
    await()
        .atMost(WAIT)
        .until(() -> node("chat-1").getPhase().equals("Cordoned") && !node("chat-1").isReady());
    assertThat(rtctl("node", "list", "chat").out()).containsPattern("chat-1 +Cordoned +false");
    assertThat(rtctl("node", "uncordon", "chat-1").exit()).isZero();
    await()
        .atMost(WAIT)
        .until(() -> node("chat-1").getPhase().equals("Active") && node("chat-1").isReady());

    Run scale = rtctl("fleet", "scale", "chat", "--replicas", "3", "--wait");
    assertThat(scale.exit()).as(scale.out() + scale.err()).isZero();
    assertThat(scale.out()).contains("scaled from 2 to 3 nodes", "3/3 ready");
    assertThat(fleet.read().getStatus().getNodes()).hasSize(3);

    // rollout restart and status --watch: DevIT, under the bench checker.

    // A drain keeps the node, cordoned and empty, until it is uncordoned.
    String drained = fleet.read().getStatus().getNodes().get(0).getName();
    Run preview = rtctl("node", "drain", drained, "--dry-run");
    assertThat(preview.out())
        .contains(
            "would cordon it (no fresh node", "keep it, cordoned, until 'rtctl node uncordon");
    Run drain = rtctl("node", "drain", drained, "--wait");
    assertThat(drain.exit()).as(drain.out() + drain.err()).isZero();
    assertThat(drain.out())
        .contains("Drain " + drained + ": handed off", "node " + drained + " drained and kept:");
    assertThat(node(drained).getPhase()).isEqualTo("Cordoned");
    assertThat(node(drained).getSlots()).isZero();
    assertThat(rtctl("node", "describe", drained).out()).contains("Asked:       cordoned");
    assertThat(fleet.read().getStatus().getNodes()).hasSize(3);
    assertThat(rtctl("node", "uncordon", drained).out())
        .contains("node " + drained + " uncordoned");
    // Back in service, it is given guilds again (autoRebalance).
    await()
        .atMost(WAIT)
        .until(() -> node(drained).getPhase().equals("Active") && node(drained).getSlots() > 0);

    String replaced = fleet.read().getStatus().getNodes().get(1).getName();
    Run replace = rtctl("node", "replace", replaced, "--wait");
    assertThat(replace.exit()).as(replace.out() + replace.err()).isZero();
    assertThat(replace.out())
        .contains("Replace " + replaced + ": handed off", replaced + " drained and gone");
    assertThat(fleet.read().getStatus().getNodes())
        .extracting(FleetNodeStatus::getName)
        .doesNotContain(replaced)
        .hasSize(3);
  }

  @Test
  void aFleetIsPrintedAndOneIsAppliedFromAFileAndDeleted() throws Exception {
    Run json = rtctl("fleet", "get", "chat", "-o", "json");
    assertThat(json.exit()).as(json.err()).isZero();
    assertThat(json.out()).contains("\"kind\":\"RealtimeFleet\"", "\"name\":\"chat\"");
    assertThat(rtctl("fleet", "get", "chat").out()).contains("kind: \"RealtimeFleet\"");

    // No nodes: a second fleet with nodes would need a database of its own.
    Path empty =
        Files.writeString(
            directory.resolve("empty.yaml"),
            String.join(
                "\n",
                "apiVersion: rtfleet.io/v1alpha1",
                "kind: RealtimeFleet",
                "metadata:",
                "  name: empty",
                "spec:",
                "  replicas: 0",
                "  template:",
                "    image: rtfleet/realtime-node:test",
                "  database:",
                "    urlSecret: {name: database, key: url}",
                ""));
    assertThat(rtctl("fleet", "apply", "-f", empty.toString()).out())
        .contains("fleet ops/empty created");
    assertThat(rtctl("fleet", "apply", "-f", empty.toString()).out())
        .contains("fleet ops/empty unchanged");
    Files.writeString(
        empty,
        Files.readString(empty).replace("replicas: 0", "replicas: 0\n  autoRebalance: false"));
    assertThat(rtctl("fleet", "apply", "-f", empty.toString()).out())
        .contains("fleet ops/empty configured");
    assertThat(
            fleet
                .client()
                .resources(RealtimeFleet.class)
                .inNamespace(NAMESPACE)
                .withName("empty")
                .get()
                .getSpec()
                .getAutoRebalance())
        .isFalse();

    // Its rollout history: a template change is a new revision; undo puts the first one back.
    await()
        .atMost(WAIT)
        .until(() -> rtctl("rollout", "history", "empty").out().contains("1 (current)"));
    fleet
        .client()
        .resources(RealtimeFleet.class)
        .inNamespace(NAMESPACE)
        .withName("empty")
        .edit(
            edited -> {
              edited.getSpec().getTemplate().setJvmOptions(List.of("-Xmx300m"));
              return edited;
            });
    await()
        .atMost(WAIT)
        .until(() -> rtctl("rollout", "history", "empty").out().contains("2 (current)"));
    JsonNode history = document(rtctl("rollout", "history", "empty", "-o", "json"));
    assertThat(history.get("items").findValuesAsText("role")).containsExactly("current");
    assertThat(history.at("/items/1/revision").asLong()).isEqualTo(2);
    assertThat(history.at("/items/1/role").asText()).isEqualTo("current");
    assertThat(
            document(rtctl("rollout", "history", "empty", "-o", "yaml"))
                .at("/items/0/revision")
                .asLong())
        .isEqualTo(1);
    assertThat(rtctl("rollout", "history", "empty", "-o", "name").out().lines())
        .hasSize(2)
        .allMatch(line -> line.startsWith("controllerrevision.apps/empty-"));
    Run second = rtctl("rollout", "history", "empty", "--revision", "2");
    assertThat(second.out()).contains("fleet empty, revision 2", "-Xmx300m");
    Run undo = rtctl("rollout", "undo", "empty");
    assertThat(undo.exit()).as(undo.out() + undo.err()).isZero();
    assertThat(undo.out()).contains("fleet empty rolled back to revision 1");
    await()
        .atMost(WAIT)
        .until(() -> rtctl("rollout", "history", "empty").out().contains("3 (current)"));
    assertThat(
            fleet
                .client()
                .resources(RealtimeFleet.class)
                .inNamespace(NAMESPACE)
                .withName("empty")
                .get()
                .getSpec()
                .getTemplate()
                .getJvmOptions())
        .isNullOrEmpty();
    Run noSuchRevision = rtctl("rollout", "undo", "empty", "--to-revision", "9");
    assertThat(noSuchRevision.exit()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(noSuchRevision.err()).contains("fleet empty has no revision 9 (it has 2, 3;");

    Run delete = rtctl("fleet", "delete", "empty", "--wait");
    assertThat(delete.exit()).as(delete.err()).isZero();
    assertThat(delete.out()).contains("fleet empty and its nodes are gone");
    Run missing = rtctl("fleet", "apply", "-f", directory.resolve("missing.yaml").toString());
    assertThat(missing.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(missing.err()).contains("missing.yaml is not a RealtimeFleet");
  }

  @Test
  void aRebalanceIsProposedShownListedAndStoppedOrApprovedAndAGuildLocated() throws Exception {
    awaitSettled();
    String emptied = fleet.read().getStatus().getNodes().get(0).getName();

    Run dryRun = rtctl("node", "replace", emptied, "--dry-run");
    assertThat(dryRun.exit()).as(dryRun.out() + dryRun.err()).isZero();
    assertThat(dryRun.out())
        .contains("Dry run: draining " + emptied + " would start a fresh node (maxSurge 1)")
        .containsPattern("→ <fresh node> +\\d+ slots")
        .contains("Nothing was changed.");
    assertThat(rtctl("node", "describe", emptied).out()).contains("Asked:       nothing");

    Run propose =
        rtctl(
            "rebalance",
            "propose",
            "chat",
            "--name",
            "empty",
            "--mode",
            "remove-nodes",
            "--nodes",
            emptied);
    assertThat(propose.exit()).as(propose.out() + propose.err()).isZero();
    assertThat(propose.out())
        .contains(
            "rebalance ops/empty created",
            "Rebalance:   empty (fleet chat, remove-nodes: " + emptied)
        .contains("State:       ProposalReady", "Next: rtctl rebalance approve empty --wait")
        .containsPattern(emptied + " +\\d+ → +0 ")
        .containsPattern(emptied + " → chat-\\d+ +\\d+");

    Run show = rtctl("rebalance", "show", "empty");
    assertThat(show.out()).contains("Proposal:    at placement epoch", "MOVES");
    assertThat(rtctl("rebalance", "list").out())
        .containsPattern("empty +chat +remove-nodes +ProposalReady +0/\\d+");
    JsonNode shown = document(rtctl("rebalance", "show", "empty", "-o", "json"));
    assertThat(shown.get("kind").asText()).isEqualTo("GuildRebalance");
    assertThat(shown.at("/status/state").asText()).isEqualTo("ProposalReady");
    assertThat(shown.at("/status/proposal/moves").size()).isPositive();
    assertThat(
            document(rtctl("rebalance", "show", "empty", "-o", "yaml")).at("/spec/fleet").asText())
        .isEqualTo("chat");
    assertThat(rtctl("rebalance", "list", "-o", "name").out())
        .contains("guildrebalance.rtfleet.io/empty");
    assertThat(
            document(rtctl("rebalance", "list", "chat", "-o", "json"))
                .get("items")
                .findValuesAsText("name"))
        .contains("empty");
    assertThat(header(rtctl("rebalance", "list", "-o", "wide"))).contains("MOVES", "EPOCH");

    assertThat(rtctl("rebalance", "stop", "empty").out()).contains("rebalance empty asked to stop");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(rtctl("rebalance", "list", "chat").out()).contains("Stopped"));
    Run late = rtctl("rebalance", "approve", "empty");
    assertThat(late.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(late.err()).contains("rebalance empty has no proposal to approve: it is Stopped");

    // The fleet balances itself, so a full rebalance has nothing to move, and is done at once.
    Run full = rtctl("rebalance", "propose", "chat", "--name", "full");
    assertThat(full.exit()).as(full.out() + full.err()).isZero();
    assertThat(full.out()).contains("nothing to move");
    Run approve = rtctl("rebalance", "approve", "full", "--wait", "--timeout", "60");
    assertThat(approve.exit()).as(approve.out() + approve.err()).isZero();
    assertThat(approve.out()).contains("rebalance full approved", "Ready");

    long guild = 1234567890123456789L;
    Run locate = rtctl("guild", "locate", Long.toString(guild), "--fleet", "chat");
    assertThat(locate.exit()).as(locate.out() + locate.err()).isZero();
    assertThat(locate.out())
        .containsPattern(
            "guild "
                + guild
                + ": slot "
                + Slots.of(guild, 4096)
                + ", owned by chat-\\d+ \\(Active, ready\\) at placement epoch \\d+");
    JsonNode located =
        document(rtctl("guild", "locate", Long.toString(guild), "--fleet", "chat", "-o", "json"));
    assertThat(located.get("slot").asInt()).isEqualTo(Slots.of(guild, 4096));
    assertThat(located.get("owner").asText()).startsWith("chat-");
    assertThat(located.get("ownerPhase").asText()).isEqualTo("Active, ready");
    assertThat(
            document(
                    rtctl("guild", "locate", Long.toString(guild), "--fleet", "chat", "-o", "yaml"))
                .get("epoch")
                .asLong())
        .isEqualTo(located.get("epoch").asLong());
    assertThat(
            rtctl("guild", "locate", Long.toString(guild), "--fleet", "chat", "-o", "name").out())
        .isEqualTo("pod/" + located.get("owner").asText() + "\n");
    // Not on a terminal: the table printed every interval, rates from the second one on.
    Run top =
        rtctl(
            "top", "--fleet", "chat", "--iterations", "2", "--interval", "0.5", "--sort", "SLOTS");
    assertThat(top.exit()).as(top.out() + top.err()).isZero();
    assertThat(top.out().split("fleet chat: ")).hasSize(3);
    String second = top.out().substring(top.out().lastIndexOf("fleet chat: "));
    assertThat(second)
        .contains("NODE", "SESSIONS", "MSG/S", "P99 MS")
        .containsPattern("chat-\\d+ +Active +0 +0 +\\d+ +0 +0 +-");

    Run notAGuild = rtctl("guild", "locate", "general", "--fleet", "chat");
    assertThat(notAGuild.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(notAGuild.err()).contains("not a guild id: 'general'");

    Run wrongMode = rtctl("rebalance", "propose", "chat", "--mode", "sideways");
    assertThat(wrongMode.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(wrongMode.err())
        .contains("'sideways' is not a mode: full, add-nodes or remove-nodes");
  }

  /**
   * rtctl guild move pins a guild to the other node through the fleet's spec; the operator hands it
   * there (an Event says so) and locate shows it pinned; unpin gives it back to its slot's node;
   * pin keeps it where it is; a node that is not the fleet's is refused.
   */
  @Test
  void aGuildIsMovedToAnotherNodeKeptThereAndLetGoBackToItsSlot() {
    awaitSettled();
    String guild = "987654321098765432";
    Run located = rtctl("guild", "locate", guild);
    assertThat(located.exit()).as(located.out() + located.err()).isZero();
    String owner = located.out().replaceAll("(?s).*owned by (chat-\\d+).*", "$1");
    String other =
        fleet.read().getStatus().getNodes().stream()
            .map(FleetNodeStatus::getName)
            .filter(name -> !name.equals(owner))
            .findFirst()
            .orElseThrow();

    Run move = rtctl("guild", "move", guild, "--to", other, "--wait", "--timeout", "60");
    assertThat(move.exit()).as(move.out() + move.err()).isZero();
    assertThat(move.out())
        .contains("guild " + guild + ": pinned to " + other + " (spec.placement.overrides")
        .contains("owned by " + other + " (Active, ready), pinned there by an override, at");
    assertThat(fleet.read().getSpec().getPlacement().getOverrides())
        .extracting(override -> override.getGuildId() + "=" + override.getNode())
        .containsExactly(guild + "=" + other);
    // The operator tells of the pin once its pass has handed the guild over: the nodes know first.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(fleet.client().v1().events().inNamespace(NAMESPACE).list().getItems())
                    .extracting(event -> event.getReason() + ": " + event.getMessage())
                    .anyMatch(
                        event ->
                            event.startsWith(
                                "GuildPinned: pinned guild "
                                    + guild
                                    + ": "
                                    + owner
                                    + " -> "
                                    + other)));

    Run unpin = rtctl("guild", "unpin", guild, "--wait");
    assertThat(unpin.exit()).as(unpin.out() + unpin.err()).isZero();
    assertThat(unpin.out())
        .contains("guild " + guild + ": override removed")
        .contains("owned by " + owner + " (Active, ready) at placement epoch");
    Run pin = rtctl("guild", "pin", guild, "--wait");
    assertThat(pin.exit()).as(pin.out() + pin.err()).isZero();
    assertThat(pin.out()).contains("owned by " + owner + " (Active, ready), pinned there");
    assertThat(rtctl("guild", "pin", guild).out())
        .contains("guild " + guild + ": pinned to " + owner + " already");
    assertThat(rtctl("guild", "unpin", guild, "--wait").exit()).isZero();

    Run stranger = rtctl("guild", "move", guild, "--to", "chat-99");
    assertThat(stranger.exit()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(stranger.err()).contains("chat-99 is not a node of fleet chat (its nodes: ");
    assertThat(fleet.read().getSpec().getPlacement().getOverrides()).isNullOrEmpty();
  }

  private static void awaitSettled() {
    await()
        .atMost(WAIT)
        .until(
            () ->
                fleet.read().getStatus().getOperation() == null
                    && Conditions.isTrue(
                        fleet.read().getStatus().getConditions(), Conditions.BALANCED));
  }

  @Test
  void aWrongNameOrKubeconfigIsAClearErrorAndChangesNothing() {
    Run missing = rtctl("fleet", "describe", "nope");
    assertThat(missing.exit()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(missing.err()).contains("no fleet nope in namespace ops", "rtctl fleet list");

    Run node = rtctl("node", "cordon", "nope-0");
    assertThat(node.exit()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(node.err()).contains("no fleet node nope-0 in namespace ops");

    StringWriter err = new StringWriter();
    CommandLine command = Rtctl.commandLine();
    command.setErr(new PrintWriter(err));
    int exit = command.execute("fleet", "list", "--kubeconfig", "/nonexistent/kubeconfig");
    assertThat(exit).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--kubeconfig /nonexistent/kubeconfig: no such file");

    Run scale = rtctl("fleet", "scale", "chat", "--replicas", "-1");
    assertThat(scale.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(scale.err()).contains("--replicas must be between 0 and 1000");
  }
}
