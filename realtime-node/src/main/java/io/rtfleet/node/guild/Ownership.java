package io.rtfleet.node.guild;

import io.rtfleet.api.placement.SlotTable;
import io.rtfleet.node.fleet.Fleet;
import io.rtfleet.node.store.EpochStore;
import io.rtfleet.node.store.GuildLoader;
import java.net.InetSocketAddress;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.LongPredicate;
import java.util.stream.Collectors;

/**
 * Puts a new placement table in force on this node: loads from the database the guilds it gains
 * before the table says it owns them (so no request finds an owner without the guild), switches the
 * table, then gives up the guilds it lost. Local sessions follow each moved guild where it now
 * lives: through the new owner, or here.
 */
public final class Ownership {
  private final Fleet fleet;
  private final GuildLanes lanes;
  private final GuildEngine engine;
  private final RemoteGuilds remote;
  private final GuildLoader loader;
  private final EpochStore epochs;
  private final WriteGates gates;
  private final Executor database;

  /** What the database says before a table is put in force. */
  private record Prepared(long newestEpoch, List<Long> gained) {}

  public Ownership(
      Fleet fleet,
      GuildLanes lanes,
      GuildEngine engine,
      RemoteGuilds remote,
      GuildLoader loader,
      EpochStore epochs,
      WriteGates gates,
      Executor database) {
    this.fleet = fleet;
    this.lanes = lanes;
    this.engine = engine;
    this.remote = remote;
    this.loader = loader;
    this.database = database;
    this.epochs = epochs;
    this.gates = gates;
  }

  /** Completes once the table is in force, or with the refusal when its epoch is stale. */
  public CompletableFuture<Optional<Fleet.Refusal>> apply(
      SlotTable offered, Map<String, InetSocketAddress> peers) {
    Optional<SlotTable> current = fleet.table();
    if (current.isPresent() && !current.get().acceptsSuccessor(offered)) {
      return CompletableFuture.completedFuture(
          Optional.of(new Fleet.Refusal(offered.epoch(), current.get().epoch())));
    }
    LongPredicate ownedNext = guild -> fleet.selfId().equals(offered.ownerOf(guild));
    if (fleet.isStandalone()) {
      return CompletableFuture.completedFuture(fleet.push(offered, peers));
    }
    return CompletableFuture.supplyAsync(
            () -> {
              long newest = claim(offered.epoch());
              if (offered.epoch() < newest) {
                return new Prepared(newest, List.of());
              }
              return new Prepared(
                  newest,
                  candidates(offered).stream()
                      .filter(id -> ownedNext.test(id) && !fleet.owns(id))
                      .toList());
            },
            database)
        .thenCompose(
            prepared -> {
              if (offered.epoch() < prepared.newestEpoch()) {
                return CompletableFuture.completedFuture(
                    Optional.of(new Fleet.Refusal(offered.epoch(), prepared.newestEpoch())));
              }
              // Guilds handed over are here already, with their numbering: load only the others.
              return lanes
                  .missing(prepared.gained())
                  .thenApplyAsync(this::load, database)
                  .thenCompose(loaded -> lanes.adopt(loaded).thenApply(done -> loaded))
                  .thenCompose(
                      loaded -> putInForce(offered, peers, ownedNext, prepared.gained(), loaded));
            });
  }

  /**
   * The guilds this node may gain with {@code offered}: those of the slots and pins it gives this
   * node that the table in force does not. None (and no query) when it gains nothing, as a node
   * giving slots away does.
   */
  private List<Long> candidates(SlotTable offered) {
    String self = fleet.selfId();
    Optional<SlotTable> current = fleet.table();
    List<Integer> slots = new ArrayList<>();
    for (int slot = 0; slot < offered.slotCount(); slot++) {
      boolean ownedBefore =
          current.isPresent()
              && current.get().slotCount() == offered.slotCount()
              && self.equals(current.get().ownerOfSlot(slot));
      if (self.equals(offered.ownerOfSlot(slot)) && !ownedBefore) {
        slots.add(slot);
      }
    }
    List<Long> pinned = new ArrayList<>();
    offered
        .overrides()
        .forEach(
            (guild, node) -> {
              if (self.equals(node)) {
                pinned.add(guild);
              }
            });
    if (slots.isEmpty() && pinned.isEmpty()) {
      return List.of();
    }
    try {
      return loader.guildIds(slots, offered.slotCount(), pinned);
    } catch (SQLException unreachable) {
      throw new IllegalStateException("cannot list guilds", unreachable);
    }
  }

  private List<Guild> load(List<Long> guildIds) {
    if (guildIds.isEmpty()) {
      return List.of();
    }
    try {
      return loader.loadGuilds(guildIds);
    } catch (SQLException unreachable) {
      throw new IllegalStateException("cannot load guilds", unreachable);
    }
  }

  /**
   * Records the offered epoch as the fleet's newest before it is put in force (a table that then
   * fails to apply here leaves the fence no weaker: the same epoch is accepted again); returns the
   * newest epoch, which refuses the offer when it is newer.
   */
  private long claim(long epoch) {
    try {
      return epochs.claim(epoch);
    } catch (SQLException unreachable) {
      throw new IllegalStateException("cannot record placement epoch " + epoch, unreachable);
    }
  }

  /**
   * Switches the table, then lets go of the guilds it moved away: their followers go to the new
   * owners and their waiting writes are routed again.
   */
  private CompletableFuture<Optional<Fleet.Refusal>> putInForce(
      SlotTable offered,
      Map<String, InetSocketAddress> peers,
      LongPredicate ownedNext,
      List<Long> gained,
      List<Guild> loaded) {
    Optional<Fleet.Refusal> refused = fleet.push(offered, peers);
    if (refused.isPresent()) {
      Set<Long> fresh = loaded.stream().map(Guild::id).collect(Collectors.toSet());
      return lanes.release(guild -> !fresh.contains(guild)).thenApply(none -> refused);
    }
    gained.forEach(remote::takeOver);
    return lanes
        .release(ownedNext)
        .thenApply(
            released -> {
              engine.released(released);
              released.forEach(guild -> gates.open(guild.id()));
              gates.reopenKept(fleet::owns);
              return Optional.<Fleet.Refusal>empty();
            });
  }
}
