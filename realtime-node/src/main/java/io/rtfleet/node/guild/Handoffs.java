package io.rtfleet.node.guild;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rtfleet.node.fleet.Fleet;
import io.rtfleet.node.fleet.PeerClient;
import io.rtfleet.node.fleet.PeerMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The giving side of a slot handoff, run for the coordinator: closes the write gates of the slots'
 * guilds (new requests wait), waits until the writes already on their way are applied, then sends
 * the guilds' last sequence numbers and event tails to the receiving node, which loads their state
 * from the database. The gates open when the placement that moves the slots is put in force here:
 * the waiting requests then go to the new owner, and this node's followers follow it there.
 */
public final class Handoffs {
  private final Fleet fleet;
  private final GuildLanes lanes;
  private final WriteGates gates;
  private final ScheduledExecutorService timer;

  public Handoffs(Fleet fleet, GuildLanes lanes, WriteGates gates, ScheduledExecutorService timer) {
    this.fleet = fleet;
    this.lanes = lanes;
    this.gates = gates;
    this.timer = timer;
  }

  /** Hands the guilds of {@code slots} to node {@code to}; completes with what was handed. */
  public CompletableFuture<ObjectNode> handOff(Set<Integer> slots, String to) {
    PeerClient receiver = fleet.peer(to);
    if (receiver == null) {
      throw new ApiException(ApiError.NOT_FOUND);
    }
    int slotCount =
        fleet.table().orElseThrow(() -> new ApiException(ApiError.UNAVAILABLE)).slotCount();
    long started = System.nanoTime();
    long[] marks = new long[3];
    return lanes
        .guildsInSlots(slots, slotCount)
        .thenCompose(
            guilds -> {
              guilds.forEach(gates::close);
              return gates
                  .whenIdle(guilds, timer)
                  .thenCompose(
                      idle -> {
                        marks[0] = System.nanoTime();
                        return snapshot(guilds);
                      })
                  .thenCompose(
                      handed -> {
                        marks[1] = System.nanoTime();
                        return receiver
                            .call(id -> new PeerMessage.Adopt(id, fleet.epoch(), handed))
                            .thenApply(
                                ack -> {
                                  marks[2] = System.nanoTime();
                                  guilds.forEach(gates::handedOver);
                                  return handed;
                                });
                      })
                  .whenComplete(
                      (handed, failure) -> {
                        if (failure != null) {
                          // The receiver did not take them: this node keeps serving them.
                          guilds.forEach(gates::open);
                        }
                      });
            })
        .thenApply(
            handed -> {
              ObjectNode result = DiscordJson.MAPPER.createObjectNode();
              result.put("to", to);
              result.put("slots", slots.size());
              result.put("guilds", handed.size());
              result.put("handedOffMillis", (System.nanoTime() - started) / 1e6);
              result.put("drainWritesMillis", (marks[0] - started) / 1e6);
              result.put("snapshotMillis", (marks[1] - marks[0]) / 1e6);
              result.put("adoptMillis", (marks[2] - marks[1]) / 1e6);
              return result;
            });
  }

  private CompletableFuture<List<PeerMessage.HandedGuild>> snapshot(List<Long> guildIds) {
    List<CompletableFuture<PeerMessage.HandedGuild>> all = new ArrayList<>();
    for (long guildId : guildIds) {
      all.add(
          lanes.onLane(
              guildId,
              guilds -> {
                Guild guild = guilds.get(guildId);
                return new PeerMessage.HandedGuild(
                    guildId,
                    guild.seq(),
                    GuildEngine.sequenced(guild.tail().newest(Guild.HANDED_TAIL_EVENTS)));
              }));
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
        .thenApply(done -> all.stream().map(CompletableFuture::join).toList());
  }
}
