package io.rtfleet.cli.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtfleet.api.placement.SlotTable;
import io.rtfleet.cli.BenchRun;
import io.rtfleet.cli.bench.Target;
import io.rtfleet.coordinator.PlacementDocument;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
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

  /**
   * A new user and its token, as {@code POST /admin/tokens} answers: {@code token}, {@code user}.
   */
  JsonNode mint(String username) {
    return node(0).admin("POST", "/admin/tokens", "{\"username\":\"" + username + "\"}").join();
  }

  String token(String username) {
    return mint(username).get("token").asText();
  }

  /** The guild's owner by the table of node {@code via}. */
  String ownerOf(int via, String guildId) {
    return node(via)
        .admin("GET", "/admin/placement/owner/" + guildId, null)
        .join()
        .get("owner")
        .asText();
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
    Map<String, String> peers = new LinkedHashMap<>();
    fleet.nodes().forEach(node -> peers.put(node.id(), node.peerAddress()));
    return peers;
  }

  /**
   * What the coordinator does first in a move: node {@code giver} hands {@code slot} to node {@code
   * to} with {@code next}, the table that moves it.
   */
  CompletableFuture<JsonNode> handOff(int giver, String to, int slot, SlotTable next) {
    String placement = PlacementDocument.write(next, peers()).toString();
    return node(giver)
        .admin(
            "POST",
            "/admin/handoff",
            "{\"slots\":[" + slot + "],\"to\":\"" + to + "\",\"placement\":" + placement + "}");
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
