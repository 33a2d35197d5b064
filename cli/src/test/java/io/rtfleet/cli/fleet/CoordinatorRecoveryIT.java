package io.rtfleet.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtfleet.api.placement.Move;
import io.rtfleet.api.placement.SlotTable;
import io.rtfleet.api.protocol.Slots;
import io.rtfleet.cli.bench.Target;
import io.rtfleet.coordinator.Coordinator;
import io.rtfleet.coordinator.NodeAdmin;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A coordinator that dies in the middle of a handoff, at each of the two places where that leaves
 * writes waiting: a new coordinator's {@link Coordinator#recover} leaves exactly one owner, the
 * waiting write is applied there, and the fleet takes writes through any node again.
 */
class CoordinatorRecoveryIT {
  @RegisterExtension static final TestFleet test = new TestFleet(2);
  private static LocalFleet fleet;
  private static String token;

  @BeforeAll
  static void mintToken() {
    fleet = test.fleet();
    token = test.token("alice");
  }

  private static Target node(int index) {
    return test.node(index);
  }

  private static CompletableFuture<JsonNode> post(int via, String channel, String content) {
    return test.post(via, channel, content, token);
  }

  /** What the coordinator does first in a handoff: the giver hands the slot's guilds over. */
  private static void handOffOnly(String guild) {
    int slot = Slots.of(Long.parseLong(guild), LocalFleet.SLOT_COUNT);
    node(0).admin("POST", "/admin/handoff", "{\"slots\":[" + slot + "],\"to\":\"node-1\"}").join();
  }

  @Test
  void aHandoffWhoseTableReachedNobodyIsGivenUp() throws Exception {
    String guild = test.guildOwnedBy("node-0", token);
    String channel = test.channelOf(0, guild, token);
    post(0, channel, "before").join();
    handOffOnly(guild);
    // the coordinator died here: a write through the other node waits at node-0's gate
    CompletableFuture<JsonNode> waiting = post(1, channel, "waited");

    SlotTable recovered = FleetCoordination.coordinator(fleet, 256).recover();

    assertThat(recovered.ownerOf(Long.parseLong(guild))).isEqualTo("node-0");
    assertThat(waiting.get(10, TimeUnit.SECONDS).get("content").asText()).isEqualTo("waited");
    post(1, channel, "after").join();
    assertThat(test.ownerOf(1, guild)).isEqualTo("node-0");
    for (int i = 0; i < 2; i++) {
      assertThat(test.contents(i, channel, token))
          .containsExactlyInAnyOrder("before", "waited", "after");
    }
    assertThat(heldBy(1)).doesNotContain(guild);
    assertThat(heldBy(0)).contains(guild);
  }

  @Test
  void aHandoffWhoseTableReachedOnlyTheReceiverIsFinished() throws Exception {
    String guild = test.guildOwnedBy("node-0", token);
    String channel = test.channelOf(0, guild, token);
    post(1, channel, "before").join();
    handOffOnly(guild);
    Coordinator coordinator = FleetCoordination.coordinator(fleet, 256);
    int slot = Slots.of(Long.parseLong(guild), LocalFleet.SLOT_COUNT);
    SlotTable moved = coordinator.currentTable().apply(List.of(new Move(slot, "node-0", "node-1")));
    FleetNode receiver = fleet.node("node-1");
    new Coordinator(
            Map.of(
                "node-1",
                new NodeAdmin("node-1", receiver.target().adminUrl(), fleet.adminToken())),
            Map.of("node-0", fleet.node("node-0").peerAddress(), "node-1", receiver.peerAddress()),
            256)
        .push(moved);
    // the coordinator died here: node-0 still has the old table and holds the guild's writes
    CompletableFuture<JsonNode> waiting = post(0, channel, "waited");

    SlotTable recovered = FleetCoordination.coordinator(fleet, 256).recover();

    assertThat(recovered.epoch()).isEqualTo(moved.epoch() + 1);
    assertThat(recovered.ownerOf(Long.parseLong(guild))).isEqualTo("node-1");
    assertThat(waiting.get(10, TimeUnit.SECONDS).get("content").asText()).isEqualTo("waited");
    post(0, channel, "after").join();
    assertThat(test.ownerOf(0, guild)).isEqualTo("node-1");
    for (int i = 0; i < 2; i++) {
      assertThat(test.contents(i, channel, token))
          .containsExactlyInAnyOrder("before", "waited", "after");
    }
    assertThat(heldBy(0)).doesNotContain(guild);
    assertThat(heldBy(1)).contains(guild);
  }

  /** The guilds a node holds as their owner, from its admin state. */
  private static Set<String> heldBy(int index) {
    Set<String> held = new HashSet<>();
    for (JsonNode loaded : node(index).admin("GET", "/admin/state", null).join().path("guilds")) {
      held.add(loaded.get("id").asText());
    }
    return held;
  }
}
