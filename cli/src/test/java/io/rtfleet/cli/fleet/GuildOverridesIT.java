package io.rtfleet.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtfleet.api.admin.HandoffRequest;
import io.rtfleet.api.admin.PlacementDocument;
import io.rtfleet.api.placement.Move;
import io.rtfleet.api.placement.SlotTable;
import io.rtfleet.api.protocol.Intent;
import io.rtfleet.api.protocol.Slots;
import io.rtfleet.coordinator.Coordinator;
import io.rtfleet.coordinator.GuildMove;
import io.rtfleet.node.testing.GatewayClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Guild overrides on real nodes: a guild pinned to another node is handed alone by its owner (not
 * its slot) while messages flow, and handed back to its slot's owner when unpinned; a session on a
 * third node sees every message once and in order throughout. A guild pinned to its owner stays
 * there when its slot is handed away.
 */
class GuildOverridesIT {
  @RegisterExtension static final TestFleet test = new TestFleet(3);

  @Test
  void aPinnedGuildMovesAloneAndBackWhileASessionElsewhereSeesEveryMessageOnceInOrder()
      throws Exception {
    String token = test.token("pinner");
    String guild = test.guildOwnedBy("node-0", token);
    String neighbour = test.guildOwnedBy("node-0", token);
    String channel = test.channelOf(0, guild, token);
    Coordinator coordinator = test.coordinator();
    try (GatewayClient watcher = GatewayClient.connect(test.node(2).gatewayUrl());
        Poster poster = new Poster(channel, token)) {
      watcher.awaitOp(10);
      watcher.identifyAndAwaitReady(token, Intent.GUILDS | Intent.GUILD_MESSAGES);
      poster.start();
      poster.awaitMore(5);

      GuildMove pinned = coordinator.moveGuild(Long.parseLong(guild), "node-1");
      poster.awaitMore(5);
      for (int node = 0; node < 3; node++) {
        assertThat(test.ownerOf(node, guild)).isEqualTo("node-1");
        assertThat(test.ownerOf(node, neighbour)).isEqualTo("node-0");
      }
      GuildMove unpinned = coordinator.moveGuild(Long.parseLong(guild), null);
      poster.awaitMore(5);
      poster.stopAndJoin();

      assertThat(pinned.from()).isEqualTo("node-0");
      assertThat(pinned.to()).isEqualTo("node-1");
      assertThat(pinned.report().guilds()).isEqualTo(1);
      assertThat(pinned.report().slots()).isZero();
      assertThat(unpinned.to()).isEqualTo("node-0");
      assertThat(unpinned.report().guilds()).isEqualTo(1);
      for (int node = 0; node < 3; node++) {
        assertThat(test.ownerOf(node, guild)).isEqualTo("node-0");
      }
      assertThat(poster.failures).isEmpty();
      List<String> accepted = List.copyOf(poster.accepted);
      String last = accepted.get(accepted.size() - 1);
      watcher.await(payload -> isMessage(payload, guild, last));
      List<String> seen =
          watcher.dispatches("MESSAGE_CREATE").stream()
              .filter(message -> message.at("/d/guild_id").asText().equals(guild))
              .map(message -> message.at("/d/content").asText())
              .toList();
      assertThat(seen).containsExactlyElementsOf(accepted);
      assertThat(test.contents(2, channel, token)).containsAll(accepted);
    }
  }

  @Test
  void aGuildPinnedToItsOwnerStaysThereWhenItsSlotIsHandedAway() throws Exception {
    String token = test.token("stayer");
    String guild = test.guildOwnedBy("node-0", token);
    String channel = test.channelOf(0, guild, token);
    int slot = Slots.of(Long.parseLong(guild), LocalFleet.SLOT_COUNT);
    Coordinator coordinator = test.coordinator();

    GuildMove pinnedInPlace = coordinator.moveGuild(Long.parseLong(guild), "node-0");
    assertThat(pinnedInPlace.report()).as("no handoff: the owner stays").isNull();
    coordinator.handOffFirstBatch(
        coordinator.observe(), List.of(new Move(slot, "node-0", "node-2")));
    test.post(2, channel, "after its slot left", token).get(10, TimeUnit.SECONDS);

    for (int node = 0; node < 3; node++) {
      assertThat(test.ownerOf(node, guild)).isEqualTo("node-0");
    }
    assertThat(test.slotsHeldBy(0)).contains(slot);
    assertThat(test.slotsHeldBy(2)).doesNotContain(slot);

    coordinator.moveGuild(Long.parseLong(guild), null);
    test.post(1, channel, "unpinned", token).get(10, TimeUnit.SECONDS);
    assertThat(test.ownerOf(1, guild)).isEqualTo("node-2");
    assertThat(test.slotsHeldBy(2)).contains(slot);
    assertThat(test.contents(0, channel, token))
        .containsExactlyInAnyOrder("after its slot left", "unpinned");
  }

  @Test
  void aHandoffOfAGuildTheGiverDoesNotOwnOrOfBothSlotsAndGuildsIsRefusedWithTheField()
      throws Exception {
    String token = test.token("refused");
    String guild = test.guildOwnedBy("node-1", token);
    SlotTable table = test.coordinator().observe().table();
    PlacementDocument next =
        PlacementDocument.of(table.withOverride(Long.parseLong(guild), "node-2"), test.peers());

    assertThatThrownBy(
            () ->
                test.node(0)
                    .admin()
                    .handOff(
                        HandoffRequest.ofGuilds(List.of(Long.parseLong(guild)), "node-2", next))
                    .join())
        .hasMessageContaining("400")
        .hasMessageContaining("guild " + guild + " is not owned by this node");
    assertThatThrownBy(
            () ->
                test.node(1)
                    .admin()
                    .handOff(new HandoffRequest(List.of(1), List.of(guild), "node-2", next))
                    .join())
        .hasMessageContaining("400")
        .hasMessageContaining("either slots (slot numbers) or guilds (guild ids)");
    assertThat(test.ownerOf(1, guild)).isEqualTo("node-1");
  }

  private static boolean isMessage(JsonNode payload, String guild, String content) {
    return "MESSAGE_CREATE".equals(payload.path("t").asText())
        && payload.at("/d/guild_id").asText().equals(guild)
        && payload.at("/d/content").asText().equals(content);
  }

  /** Posts numbered messages one after another through node-1 until stopped. */
  private static final class Poster extends Thread implements AutoCloseable {
    final List<String> accepted = new CopyOnWriteArrayList<>();
    final List<String> failures = new CopyOnWriteArrayList<>();
    private final String channel;
    private final String token;
    private volatile boolean posting = true;

    Poster(String channel, String token) {
      super("poster");
      this.channel = channel;
      this.token = token;
    }

    @Override
    public void run() {
      for (int n = 0; posting; n++) {
        String content = "m" + n;
        try {
          test.post(1, channel, content, token).get(30, TimeUnit.SECONDS);
          accepted.add(content);
        } catch (CompletionException | java.util.concurrent.ExecutionException failed) {
          failures.add(content + ": " + failed.getCause());
        } catch (Exception interrupted) {
          return;
        }
      }
    }

    /** Waits until {@code count} more posts are accepted. */
    void awaitMore(int count) {
      int target = accepted.size() + count;
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> accepted.size() >= target);
    }

    void stopAndJoin() throws InterruptedException {
      posting = false;
      join(30_000);
    }

    @Override
    public void close() throws InterruptedException {
      stopAndJoin();
    }
  }
}
