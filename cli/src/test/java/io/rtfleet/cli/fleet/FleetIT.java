package io.rtfleet.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rtfleet.cli.bench.Target;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three real node processes sharing one embedded PostgreSQL, driven over REST as clients and an
 * operator would: writes sent to any node reach the guild's owner, a killed owner's guilds come
 * back from the database on the nodes that take its slots, and a node with an old table is fenced
 * off. Cross-node fan-out under load is {@code FleetBenchIT}'s.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetIT {
  private static final Path NODE_JAR =
      Path.of("..", "realtime-node", "target", "realtime-node.jar");

  private static LocalFleet fleet;
  private static String token;

  @BeforeAll
  static void startFleet() throws Exception {
    fleet = LocalFleet.start(NODE_JAR, 3, List.of("-Xmx256m"), List.of());
    token =
        fleet
            .node("node-0")
            .target()
            .admin("POST", "/admin/tokens", "{\"username\":\"alice\"}")
            .join()
            .get("token")
            .asText();
  }

  @AfterAll
  static void stopFleet() throws Exception {
    if (fleet != null) {
      fleet.close();
    }
  }

  private static Target node(int index) {
    return fleet.nodes().get(index).target();
  }

  private static String ownerOf(String guildId) {
    return node(0)
        .admin("GET", "/admin/placement/owner/" + guildId, null)
        .join()
        .get("owner")
        .asText();
  }

  /** Creates guilds through node-0 until one is owned by {@code owner}; returns its id. */
  private static String guildOwnedBy(String owner) {
    for (int attempt = 0; attempt < 200; attempt++) {
      String id =
          node(0).rest("POST", "/guilds", token, "{\"name\":\"g\"}").join().get("id").asText();
      if (ownerOf(id).equals(owner)) {
        return id;
      }
    }
    throw new AssertionError("no guild landed on " + owner);
  }

  private static String channelOf(Target via, String guildId) {
    return via.rest("GET", "/guilds/" + guildId + "/channels", token, null)
        .join()
        .get(0)
        .get("id")
        .asText();
  }

  private static Set<String> contents(Target via, String channelId) {
    Set<String> seen = new HashSet<>();
    for (JsonNode message :
        via.rest("GET", "/channels/" + channelId + "/messages?limit=100", token, null).join()) {
      seen.add(message.get("content").asText());
    }
    return seen;
  }

  @Test
  @Order(1)
  void writesThroughAnyNodeReachTheOwnerAndReadsSeeThemEverywhere() {
    String guild = guildOwnedBy("node-2");
    String channel = channelOf(node(1), guild);
    List<String> posted = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String content = "m" + i;
      JsonNode message =
          node(i % 3)
              .rest(
                  "POST",
                  "/channels/" + channel + "/messages",
                  token,
                  "{\"content\":\"" + content + "\"}")
              .join();
      assertThat(message.get("content").asText()).isEqualTo(content);
      posted.add(content);
    }
    for (int i = 0; i < 3; i++) {
      assertThat(contents(node(i), channel)).containsExactlyInAnyOrderElementsOf(posted);
    }
  }

  @Test
  @Order(2)
  void aStaleOrRepeatedEpochIsRefused() {
    ObjectNode same = fleet.roundRobin(1, fleet.nodeIds());
    assertThatThrownBy(() -> node(1).admin("PUT", "/admin/placement", same.toString()).join())
        .isInstanceOf(CompletionException.class)
        .hasMessageContaining("409")
        .hasMessageContaining("stale placement epoch 1");
  }

  @Test
  @Order(3)
  void aKilledOwnersGuildsComeBackFromTheDatabaseAndItCannotReturnWithItsOldTable()
      throws Exception {
    String guild = guildOwnedBy("node-2");
    String channel = channelOf(node(0), guild);
    for (int i = 0; i < 20; i++) {
      node(1)
          .rest(
              "POST",
              "/channels/" + channel + "/messages",
              token,
              "{\"content\":\"before-" + i + "\"}")
          .join();
    }

    fleet.node("node-2").kill();
    fleet.pushRoundRobin(2, List.of("node-0", "node-1"));

    Set<String> seen = contents(node(0), channel);
    for (int i = 0; i < 20; i++) {
      assertThat(seen).contains("before-" + i);
    }
    JsonNode after =
        node(1)
            .rest("POST", "/channels/" + channel + "/messages", token, "{\"content\":\"after\"}")
            .join();
    assertThat(after.get("content").asText()).isEqualTo("after");
    assertThat(contents(node(0), channel)).contains("after");

    FleetNode returned = fleet.startNode("node-2");
    ObjectNode old = fleet.roundRobin(1, List.of("node-0", "node-1", "node-2"));
    assertThatThrownBy(
            () -> returned.target().admin("PUT", "/admin/placement", old.toString()).join())
        .isInstanceOf(CompletionException.class)
        .hasMessageContaining("409")
        .hasMessageContaining("this node has epoch 2");
    assertThatThrownBy(() -> returned.target().admin("GET", "/admin/placement", null).join())
        .hasMessageContaining("404");
  }
}
