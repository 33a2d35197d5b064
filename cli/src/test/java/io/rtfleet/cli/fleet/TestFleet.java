package io.rtfleet.cli.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtfleet.api.admin.HandoffReport;
import io.rtfleet.api.admin.HandoffRequest;
import io.rtfleet.api.admin.NodeState;
import io.rtfleet.api.admin.PlacementDocument;
import io.rtfleet.api.admin.TokenGrant;
import io.rtfleet.api.admin.TokenRequest;
import io.rtfleet.api.placement.PlanLimits;
import io.rtfleet.api.placement.SlotTable;
import io.rtfleet.cli.BenchRun;
import io.rtfleet.cli.client.Target;
import io.rtfleet.coordinator.Coordinator;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A local fleet of real node processes for a test class ({@code @RegisterExtension static}),
 * started before its tests and stopped after them, with what the tests do to it as a client or an
 * operator would: mint tokens, create guilds until one lands on a given node, read a channel's
 * messages.
 */
final class TestFleet implements BeforeAllCallback, AfterAllCallback {
  private final int nodes;
  private final List<String> nodeOptions;
  private LocalFleet fleet;

  TestFleet(int nodes) {
    this(nodes, List.of());
  }

  /** A fleet whose nodes are started with {@code nodeOptions} too. */
  TestFleet(int nodes, List<String> nodeOptions) {
    this.nodes = nodes;
    this.nodeOptions = List.copyOf(nodeOptions);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    fleet = LocalFleet.start(BenchRun.NODE_JAR, nodes, List.of("-Xmx256m"), nodeOptions);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (fleet != null) {
      fleet.close();
    }
  }

  LocalFleet fleet() {
    return fleet;
  }

  Target node(int index) {
    return fleet.nodes().get(index).target();
  }

  /** A new user and its token. */
  TokenGrant mint(String username) {
    return node(0).admin().mintToken(TokenRequest.user(username)).join();
  }

  String token(String username) {
    return mint(username).token();
  }

  /** The guild's owner by the table of node {@code via}. */
  String ownerOf(int via, String guildId) {
    return node(via).admin().ownerOf(guildId).join().owner();
  }

  /** A coordinator of the fleet's live nodes, in batches of 256 slots. */
  Coordinator coordinator() {
    return fleet.coordinator(256);
  }

  /** A coordinator that reaches only {@code nodeId}, as one cut off from the rest would. */
  Coordinator onlyTo(String nodeId) {
    return new Coordinator(
        Map.of(nodeId, fleet.node(nodeId).admin()), fleet.peers(), 256, PlanLimits.DEFAULT);
  }

  /** The slots whose guilds node {@code index} holds, as its admin state reports them. */
  Set<Integer> slotsHeldBy(int index) {
    Set<Integer> held = new HashSet<>();
    for (NodeState.SlotLoad slot : node(index).admin().state().join().slots()) {
      if (slot.guilds() > 0) {
        held.add(slot.slot());
      }
    }
    return held;
  }

  /** Creates guilds through node-0 until one is owned by {@code owner}; returns its id. */
  String guildOwnedBy(String owner, String token) {
    for (int attempt = 0; attempt < 200; attempt++) {
      String id =
          node(0).rest("POST", "/guilds", token, "{\"name\":\"g\"}").join().get("id").asText();
      if (ownerOf(0, id).equals(owner)) {
        return id;
      }
    }
    throw new AssertionError("no guild landed on " + owner);
  }

  /** The id of the guild's first channel, read through node {@code via}. */
  String channelOf(int via, String guildId, String token) {
    return node(via)
        .rest("GET", "/guilds/" + guildId + "/channels", token, null)
        .join()
        .get(0)
        .get("id")
        .asText();
  }

  /** Posts a message with {@code content} to the channel through node {@code via}. */
  CompletableFuture<JsonNode> post(int via, String channelId, String content, String token) {
    return node(via)
        .rest(
            "POST",
            "/channels/" + channelId + "/messages",
            token,
            "{\"content\":\"" + content + "\"}");
  }

  /** How many lines of node {@code nodeId}'s log contain {@code text}. */
  long logLines(String nodeId, String text) throws IOException {
    try (Stream<String> lines = Files.lines(fleet.directory().resolve(nodeId + ".log"))) {
      return lines.filter(line -> line.contains(text)).count();
    }
  }

  /** Waits until more than {@code seen} lines of node {@code nodeId}'s log contain {@code text}. */
  void awaitLogLines(String nodeId, String text, long seen) {
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> logLines(nodeId, text) > seen);
  }

  /** Every node's peer address, as a placement names them. */
  Map<String, String> peers() {
    return fleet.peers();
  }

  /**
   * What the coordinator does first in a move: node {@code giver} hands {@code slot} to node {@code
   * to} with {@code next}, the table that moves it.
   */
  CompletableFuture<HandoffReport> handOff(int giver, String to, int slot, SlotTable next) {
    return node(giver)
        .admin()
        .handOff(new HandoffRequest(List.of(slot), to, PlacementDocument.of(next, peers())));
  }

  /** The contents of the channel's newest 100 messages, read through node {@code via}. */
  Set<String> contents(int via, String channelId, String token) {
    Set<String> seen = new HashSet<>();
    for (JsonNode message :
        node(via)
            .rest("GET", "/channels/" + channelId + "/messages?limit=100", token, null)
            .join()) {
      seen.add(message.get("content").asText());
    }
    return seen;
  }
}
