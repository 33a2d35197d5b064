package io.rtfleet.node.guild;

import io.rtfleet.api.placement.SlotTable;
import io.rtfleet.node.fleet.Fleet;
import io.rtfleet.node.store.EpochStore;
import java.net.InetSocketAddress;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.LongPredicate;
import java.util.function.Supplier;
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
  private final Supplier<List<Guild>> loadAll;
  private final EpochStore epochs;
  private final WriteGates gates;
  private final Executor loader;

  /** What the database says before a table is put in force. */
  private record Prepared(long newestEpoch, List<Guild> gained) {}

  public Ownership(
      Fleet fleet,
      GuildLanes lanes,
      GuildEngine engine,
      RemoteGuilds remote,
      Supplier<List<Guild>> loadAll,
      EpochStore epochs,
      WriteGates gates,
      Executor loader) {
    this.fleet = fleet;
    this.lanes = lanes;
    this.engine = engine;
    this.remote = remote;
    this.loadAll = loadAll;
    this.epochs = epochs;
    this.gates = gates;
    this.loader = loader;
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
              long newest = newestEpoch();
              if (offered.epoch() < newest) {
                return new Prepared(newest, List.of());
              }
              return new Prepared(
                  newest,
                  loadAll.get().stream()
                      .filter(guild -> ownedNext.test(guild.id()) && !fleet.owns(guild.id()))
                      .toList());
            },
            loader)
        .thenCompose(
            prepared -> {
              if (offered.epoch() < prepared.newestEpoch()) {
                return CompletableFuture.completedFuture(
                    Optional.of(new Fleet.Refusal(offered.epoch(), prepared.newestEpoch())));
              }
              return lanes
                  .adopt(prepared.gained())
                  .thenCompose(done -> putInForce(offered, peers, ownedNext, prepared.gained()));
            });
  }

  private long newestEpoch() {
    try {
      return epochs.newest();
    } catch (SQLException unreachable) {
      throw new IllegalStateException("cannot read the fleet's placement epoch", unreachable);
    }
  }

  private CompletableFuture<Optional<Fleet.Refusal>> putInForce(
      SlotTable offered,
      Map<String, InetSocketAddress> peers,
      LongPredicate ownedNext,
      List<Guild> gained) {
    return CompletableFuture.completedFuture(gained)
        .thenCompose(
            ignored -> {
              Optional<Fleet.Refusal> refused = fleet.push(offered, peers);
              if (refused.isPresent()) {
                Set<Long> loaded = gained.stream().map(Guild::id).collect(Collectors.toSet());
                return lanes.release(guild -> !loaded.contains(guild)).thenApply(none -> refused);
              }
              for (Guild guild : gained) {
                remote.takeOver(guild.id());
              }
              return lanes
                  .release(ownedNext)
                  .thenApply(
                      released -> {
                        engine.released(released);
                        released.forEach(guild -> gates.open(guild.id()));
                        return Optional.<Fleet.Refusal>empty();
                      })
                  .thenApplyAsync(
                      done -> {
                        try {
                          epochs.advance(offered.epoch());
                        } catch (SQLException unreachable) {
                          throw new IllegalStateException(
                              "cannot record placement epoch " + offered.epoch(), unreachable);
                        }
                        return done;
                      },
                      loader);
            });
  }
}
