package io.rtfleet.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtfleet.api.admin.HandoffReport;
import io.rtfleet.api.placement.Move;
import io.rtfleet.api.placement.SlotTable;
import io.rtfleet.api.protocol.Slots;
import io.rtfleet.cli.client.Target;
import io.rtfleet.coordinator.Coordinator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Moving slots at its edges: a coordinator that stops in the middle of a move, at the places where
 * that leaves the fleet on two epochs (a new coordinator's {@link Coordinator#recover} leaves
 * exactly one owner, every write is applied there once, and the fleet takes writes through any node
 * again), a receiver that refuses, a receiver whose table changed between the two steps of the
 * handoff, and guilds created while their slot moves.
 */
class CoordinatorRecoveryIT {
  @RegisterExtension static final TestFleet test = new TestFleet(3);
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

  /** What the coordinator does first in a move: node-0 hands the slot over with the next table. */
  private static CompletableFuture<HandoffReport> handOff(String guild, SlotTable next) {
    return test.handOff(0, "node-1", Slots.of(Long.parseLong(guild), LocalFleet.SLOT_COUNT), next);
  }

  private static SlotTable moved(String guild) throws Exception {
    int slot = Slots.of(Long.parseLong(guild), LocalFleet.SLOT_COUNT);
    return test.coordinator().observe().table().apply(List.of(new Move(slot, "node-0", "node-1")));
  }

  @Test
  void aCoordinatorThatStopsAfterTheHandoffLeavesTheOthersOneEpochBehindUntilRecovered()
      throws Exception {
    String guild = test.guildOwnedBy("node-0", token);
    String channel = test.channelOf(0, guild, token);
    post(2, channel, "before").join();
    SlotTable next = moved(guild);

    HandoffReport handed = handOff(guild, next).join();
    // the coordinator stopped here, before pushing the table to node-2

    assertThat(handed.epoch()).isEqualTo(next.epoch());
    assertThat(test.ownerOf(0, guild)).isEqualTo("node-1");
    assertThat(test.ownerOf(1, guild)).isEqualTo("node-1");
    assertThat(test.ownerOf(2, guild)).isEqualTo("node-0");
    post(2, channel, "behind").get(10, TimeUnit.SECONDS);
    SlotTable recovered = test.coordinator().recover();
    post(2, channel, "after").join();

    assertThat(recovered.epoch()).isEqualTo(next.epoch() + 1);
    assertThat(recovered.ownerOf(Long.parseLong(guild))).isEqualTo("node-1");
    assertOneOwner(guild, "node-1", "node-0", channel, "before", "behind", "after");
  }

  @Test
  void aHandoffTheReceiverRefusesIsGivenUpAtOnce() throws Exception {
    String guild = test.guildOwnedBy("node-0", token);
    String channel = test.channelOf(0, guild, token);
    post(1, channel, "before").join();
    SlotTable next = moved(guild);
    // another coordinator (a newer leader) pushed a newer table to node-1 only, then stopped
    SlotTable newer = test.coordinator().observe().table().apply(List.of()).apply(List.of());
    test.onlyTo("node-1").push(newer);

    assertThatThrownBy(() -> handOff(guild, next).join())
        .hasMessageContaining("409")
        .hasMessageContaining(
            "node-1 refused placement epoch " + next.epoch() + ": it has epoch " + newer.epoch());
    // the giver serves the guild again straight away
    post(0, channel, "refused").get(10, TimeUnit.SECONDS);
    SlotTable recovered = test.coordinator().recover();
    post(1, channel, "after").join();

    assertThat(recovered.epoch()).isEqualTo(newer.epoch() + 1);
    assertOneOwner(guild, "node-0", "node-1", channel, "before", "refused", "after");
  }

  @Test
  void aReceiverWhoseTableChangedSinceItPreparedStillTakesTheGuild() throws Exception {
    String guild = test.guildOwnedBy("node-0", token);
    String channel = test.channelOf(0, guild, token);
    post(1, channel, "before").join();
    SlotTable between = test.coordinator().observe().table().apply(List.of());
    int slot = Slots.of(Long.parseLong(guild), LocalFleet.SLOT_COUNT);
    SlotTable next = between.apply(List.of(new Move(slot, "node-0", "node-1")));

    CompletableFuture<JsonNode> inFlight;
    CompletableFuture<HandoffReport> handOff;
    try (HeldWrite held = new HeldWrite(test, 0, channel, "in flight", token)) {
      inFlight = held.answer();
      handOff = test.handOff(0, "node-1", slot, next);
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> node(1).admin().state().join().stagedGuilds() == 1);
      // the receiver staged the handoff's table over the one in force; now another comes first
      test.onlyTo("node-1").push(between);
    }

    assertThat(handOff.get(30, TimeUnit.SECONDS).epoch()).isEqualTo(next.epoch());
    assertThat(inFlight.get(10, TimeUnit.SECONDS).get("content").asText()).isEqualTo("in flight");
    assertThat(test.ownerOf(1, guild)).isEqualTo("node-1");
    SlotTable recovered = test.coordinator().recover();
    post(2, channel, "after").join();

    assertThat(recovered.epoch()).isEqualTo(next.epoch() + 1);
    assertOneOwner(guild, "node-1", "node-0", channel, "before", "in flight", "after");
  }

  /**
   * Every node names {@code owner} as the guild's owner and reads exactly {@code contents} in the
   * channel; the owner holds the guild, {@code other} (the other side of the move) does not.
   */
  private static void assertOneOwner(
      String guild, String owner, String other, String channel, String... contents) {
    for (int i = 0; i < 3; i++) {
      assertThat(test.ownerOf(i, guild)).isEqualTo(owner);
      assertThat(test.contents(i, channel, token)).containsExactlyInAnyOrder(contents);
    }
    int slot = Slots.of(Long.parseLong(guild), LocalFleet.SLOT_COUNT);
    assertThat(test.slotsHeldBy(index(other))).doesNotContain(slot);
    assertThat(test.slotsHeldBy(index(owner))).contains(slot);
  }

  private static int index(String nodeId) {
    return Integer.parseInt(nodeId.substring(nodeId.indexOf('-') + 1));
  }

  /**
   * Guilds created through a node with the old table while the slots of node-0 move to node-1: each
   * one takes writes afterwards (none is left on the giver, unknown to the receiver that owns its
   * slot). The slots go back to node-0 at the end.
   */
  @Test
  void guildsCreatedWhileTheirSlotsMoveAreServedByTheNewOwner() throws Exception {
    Coordinator coordinator = fleet.coordinator(LocalFleet.SLOT_COUNT);
    SlotTable current = coordinator.observe().table();
    List<Move> there = new ArrayList<>();
    List<Move> back = new ArrayList<>();
    for (int slot = 0; slot < current.slotCount(); slot++) {
      if (current.ownerOfSlot(slot).equals("node-0")) {
        there.add(new Move(slot, "node-0", "node-1"));
        back.add(new Move(slot, "node-1", "node-0"));
      }
    }
    Map<String, String> created = new ConcurrentHashMap<>();
    AtomicBoolean creating = new AtomicBoolean(true);
    List<Thread> creators = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      // users of their own: the other tests' requests do not share their rate limits
      String creatorToken = test.token("creator-" + c);
      creators.add(new Thread(() -> create(creatorToken, created, creating)));
    }
    creators.forEach(Thread::start);
    Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> created.size() > 20);

    coordinator.handOffFirstBatch(coordinator.observe(), there);
    int atSwitch = created.size();
    Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> created.size() > atSwitch + 20);
    creating.set(false);
    for (Thread creator : creators) {
      creator.join();
    }

    for (Map.Entry<String, String> guild : created.entrySet()) {
      String channel = test.channelOf(2, guild.getKey(), guild.getValue());
      // a write needs the guild held by its owner
      assertThat(test.post(2, channel, "after", guild.getValue()).get(10, TimeUnit.SECONDS))
          .as("a post to guild " + guild.getKey())
          .isNotNull();
    }
    coordinator.handOffFirstBatch(coordinator.observe(), back);
  }

  /** Creates guilds as the token's user until told to stop; notes each with the token. */
  private static void create(String token, Map<String, String> created, AtomicBoolean creating) {
    while (creating.get()) {
      try {
        created.put(
            node(2)
                .rest("POST", "/guilds", token, "{\"name\":\"moving\"}")
                .join()
                .get("id")
                .asText(),
            token);
      } catch (CompletionException rateLimited) {
        // 429: the next request comes after the answer, as a client would retry
      }
    }
  }
}
