package io.rtfleet.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtfleet.api.admin.HandoffReport;
import io.rtfleet.api.placement.Move;
import io.rtfleet.api.placement.SlotTable;
import io.rtfleet.api.protocol.Slots;
import io.rtfleet.cli.client.Target;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A receiver that dies in the middle of a handoff, after it prepared and before it answered the
 * adoption. The giver cannot know whether it took the placement, so the guild's writes wait,
 * applied on neither node, until the coordinator, having seen the receiver die, pushes a table:
 * then they are applied once, on the giver, which that table still names as the owner.
 *
 * <p>A write kept in flight on the giver ({@link HeldWrite}) stops the handoff at that point.
 */
class HandoffReceiverLostIT {
  @RegisterExtension static final TestFleet test = new TestFleet(3);

  @Test
  void theGuildsWritesWaitUntilAPlacementSettlesWhoOwnsIt() throws Exception {
    LocalFleet fleet = test.fleet();
    String token = test.token("alice");
    String guild = test.guildOwnedBy("node-0", token);
    String channel = test.channelOf(0, guild, token);
    test.post(0, channel, "before", token).join();
    SlotTable table = test.coordinator().observe().table();
    int slot = Slots.of(Long.parseLong(guild), LocalFleet.SLOT_COUNT);
    SlotTable next = table.apply(List.of(new Move(slot, "node-0", "node-1")));

    CompletableFuture<JsonNode> inFlight;
    CompletableFuture<HandoffReport> handOff;
    try (HeldWrite held = new HeldWrite(test, 0, channel, "in flight", token)) {
      inFlight = held.answer();
      handOff = test.handOff(0, "node-1", slot, next);
      // the receiver prepared the guild (step one); the giver waits for the write in flight
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> node(1).admin().state().join().stagedGuilds() == 1);
      fleet.node("node-1").kill();
    }

    assertThat(inFlight.get(10, TimeUnit.SECONDS).get("content").asText()).isEqualTo("in flight");
    assertThatThrownBy(() -> handOff.get(30, TimeUnit.SECONDS))
        .hasMessageContaining("503")
        .hasMessageContaining("node-1 did not answer the handoff");
    CompletableFuture<JsonNode> waiting = test.post(2, channel, "waited", token);
    assertThat(pausedGuilds(node(0))).as("the guild's gate is still closed").isZero();
    assertThat(waiting).isNotDone();

    test.coordinator().failOver("node-1");

    assertThat(waiting.get(10, TimeUnit.SECONDS).get("content").asText()).isEqualTo("waited");
    assertThat(pausedGuilds(node(0))).as("its gate opened once").isEqualTo(1);
    test.post(2, channel, "after", token).join();
    for (int via : new int[] {0, 2}) {
      assertThat(test.ownerOf(via, guild)).isEqualTo("node-0");
      assertThat(test.contents(via, channel, token))
          .containsExactlyInAnyOrder("before", "in flight", "waited", "after");
    }
  }

  private static Target node(int index) {
    return test.node(index);
  }

  /** The guilds whose write gates the node opened since the last call. */
  private static int pausedGuilds(Target node) {
    return node.admin().takeWritePauses().join().guilds();
  }
}
