package io.rtfleet.node.guild;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rtfleet.node.fleet.Fleet;
import io.rtfleet.node.fleet.PeerClient;
import io.rtfleet.node.fleet.PeerMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * The giving side of a slot handoff, run for the coordinator. First, while this node still serves
 * the slots' guilds, it sends the receiving node their sequence numbers, state versions and newest
 * events, and the receiver loads their state from the database (the slow part, with no write
 * waiting). Then it closes the guilds' write gates (new requests wait), waits until the writes
 * already on their way are applied, and sends only what changed since: the events written in the
 * meantime and the state versions, so the receiver reloads only guilds whose channels, roles or
 * members changed. The gates open when the placement that moves the slots is put in force here: the
 * waiting requests then go to the new owner, and this node's followers follow it there.
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
    long[] marks = new long[4];
    Map<Long, Long> preparedSeqs = new ConcurrentHashMap<>();
    return lanes
        .guildsInSlots(slots, slotCount)
        .thenCompose(guilds -> snapshot(guilds, guild -> newest(guild, preparedSeqs)))
        .thenCompose(
            prepared ->
                receiver.call(id -> new PeerMessage.Adopt(id, fleet.epoch(), true, prepared)))
        .thenCompose(
            preparedAck -> {
              marks[0] = System.nanoTime();
              // Guilds created in these slots since are in this list too: the receiver loads them.
              return lanes.guildsInSlots(slots, slotCount);
            })
        .thenCompose(
            guilds -> {
              guilds.forEach(gates::close);
              return gates
                  .whenIdle(guilds, timer)
                  .thenCompose(
                      idle -> {
                        marks[1] = System.nanoTime();
                        return snapshot(guilds, guild -> since(guild, preparedSeqs));
                      })
                  .thenCompose(
                      handed -> {
                        marks[2] = System.nanoTime();
                        return receiver
                            .call(id -> new PeerMessage.Adopt(id, fleet.epoch(), false, handed))
                            .thenApply(
                                ack -> {
                                  marks[3] = System.nanoTime();
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
              result.put("preparedMillis", (marks[0] - started) / 1e6);
              result.put("drainWritesMillis", (marks[1] - marks[0]) / 1e6);
              result.put("snapshotMillis", (marks[2] - marks[1]) / 1e6);
              result.put("adoptMillis", (marks[3] - marks[2]) / 1e6);
              return result;
            });
  }

  /** For the preparation: the guild's newest events; notes its sequence number then. */
  private static PeerMessage.HandedGuild newest(Guild guild, Map<Long, Long> preparedSeqs) {
    preparedSeqs.put(guild.id(), guild.seq());
    return handed(guild, guild.tail().newest(Guild.HANDED_TAIL_EVENTS));
  }

  /**
   * For the adoption: the guild's events since its preparation, or its newest when the tail no
   * longer reaches back that far or it was not prepared (the receiver then starts it afresh).
   */
  private static PeerMessage.HandedGuild since(Guild guild, Map<Long, Long> preparedSeqs) {
    Long preparedSeq = preparedSeqs.get(guild.id());
    List<EventTail.Entry> events =
        preparedSeq == null ? null : guild.tail().from(preparedSeq + 1, guild.seq());
    return handed(guild, events == null ? guild.tail().newest(Guild.HANDED_TAIL_EVENTS) : events);
  }

  private static PeerMessage.HandedGuild handed(Guild guild, List<EventTail.Entry> events) {
    return new PeerMessage.HandedGuild(
        guild.id(), guild.seq(), guild.stateVersion(), GuildEngine.sequenced(events));
  }

  private CompletableFuture<List<PeerMessage.HandedGuild>> snapshot(
      List<Long> guildIds, Function<Guild, PeerMessage.HandedGuild> take) {
    List<CompletableFuture<PeerMessage.HandedGuild>> all = new ArrayList<>();
    for (long guildId : guildIds) {
      all.add(lanes.onLane(guildId, guilds -> take.apply(guilds.get(guildId))));
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
        .thenApply(done -> all.stream().map(CompletableFuture::join).toList());
  }
}
