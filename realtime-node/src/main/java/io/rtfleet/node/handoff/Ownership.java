package io.rtfleet.node.handoff;

import io.rtfleet.api.admin.AdminCodec;
import io.rtfleet.api.admin.PlacementDocument;
import io.rtfleet.api.placement.SlotTable;
import io.rtfleet.node.fleet.Fleet;
import io.rtfleet.node.fleet.Placement;
import io.rtfleet.node.following.RemoteGuilds;
import io.rtfleet.node.lanes.Guild;
import io.rtfleet.node.lanes.GuildLanes;
import io.rtfleet.node.lanes.WriteGates;
import io.rtfleet.node.operations.GuildEngine;
import io.rtfleet.node.store.EpochStore;
import io.rtfleet.node.store.GuildLoader;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.IntPredicate;
import java.util.function.LongPredicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a new placement table in force on this node: loads from the database the guilds it gains
 * before the table says it owns them (so no request finds an owner without the guild), switches the
 * table, then gives up the guilds it lost. Local sessions follow each moved guild where it now
 * lives: through the new owner, or here.
 */
public final class Ownership {
  private static final Logger LOG = LoggerFactory.getLogger(Ownership.class);

  private final Fleet fleet;
  private final GuildLanes lanes;
  private final GuildEngine engine;
  private final RemoteGuilds remote;
  private final GuildLoader loader;
  private final EpochStore epochs;
  private final WriteGates gates;
  private final Executor database;

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

  /**
   * Completes once the table is in force, or with the refusal when its epoch is stale. The table in
   * force offered again is taken as it is: a handoff puts its table in force on the giver and the
   * receiver before the coordinator pushes it to every node.
   */
  public CompletableFuture<Optional<Fleet.Refusal>> apply(Placement placement) {
    return stage(placement, true).thenCompose(staged -> putInForce(staged, Set.of()));
  }

  /**
   * A placement checked against the table in force ({@code over}) and the database: the newest
   * epoch recorded there, the guilds it gives this node, and those guilds as read from the database
   * when they were read with the check (null when they were only listed).
   */
  public record Staged(
      Placement placement,
      SlotTable over,
      long newestEpoch,
      List<Long> gained,
      List<Guild> preloaded) {}

  /**
   * Does ahead what putting the placement in force needs from the database (a handoff stages its
   * placement before any write waits): records its epoch as the fleet's newest, and lists the
   * guilds it gives this node. A placement that gives this node nothing needs no database: it
   * cannot make it a wrong owner.
   */
  public CompletableFuture<Staged> stage(Placement placement) {
    return stage(placement, false);
  }

  /**
   * As {@link #stage(Placement)}; with {@code preload}, the gained guilds are read whole in the
   * same round trip that lists them. A pushed placement (a failover) loads them all; a handoff's
   * receives most of them from the giver, so it only lists them.
   */
  private CompletableFuture<Staged> stage(Placement placement, boolean preload) {
    SlotTable offered = placement.table();
    SlotTable over = fleet.table().orElse(null);
    Gains gains = gains(offered, over);
    if (fleet.isStandalone() || gains.none() || (over != null && !over.acceptsSuccessor(offered))) {
      return CompletableFuture.completedFuture(
          new Staged(placement, over, -1, List.of(), List.of()));
    }
    LongPredicate ownedNext = guild -> fleet.selfId().equals(offered.ownerOf(guild));
    CompletableFuture<Long> claimed =
        CompletableFuture.supplyAsync(() -> claim(placement), database);
    if (preload) {
      // The claim and the read go to the database side by side (the epoch store has a connection
      // of its own): in a failover both wait on a server busy with the dead node's reconnecting
      // clients, and the read is thrown away in the rare case the claim finds a newer epoch.
      CompletableFuture<List<Guild>> read =
          CompletableFuture.supplyAsync(() -> loadIn(gains), database);
      return claimed.thenCombine(
          read,
          (newest, loaded) -> {
            if (offered.epoch() < newest) {
              return new Staged(placement, over, newest, List.of(), List.of());
            }
            List<Guild> guilds =
                loaded.stream()
                    .filter(guild -> ownedNext.test(guild.id()) && !fleet.owns(guild.id()))
                    .toList();
            return new Staged(
                placement, over, newest, guilds.stream().map(Guild::id).toList(), guilds);
          });
    }
    return claimed.thenApply(
        newest -> {
          if (offered.epoch() < newest) {
            return new Staged(placement, over, newest, List.of(), List.of());
          }
          List<Long> gained =
              guildIds(gains).stream().filter(id -> ownedNext.test(id) && !fleet.owns(id)).toList();
          return new Staged(placement, over, newest, gained, null);
        });
  }

  /**
   * Puts a staged placement in force, the guilds in {@code handedOff} being held here already by a
   * handoff; stages it again first if the table in force changed since.
   */
  public CompletableFuture<Optional<Fleet.Refusal>> putInForce(Staged staged, Set<Long> handedOff) {
    SlotTable offered = staged.placement().table();
    Optional<SlotTable> current = fleet.table();
    if (current.isPresent() && current.get().equals(offered)) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    if (current.isPresent() && !current.get().acceptsSuccessor(offered)) {
      return CompletableFuture.completedFuture(
          Optional.of(new Fleet.Refusal(offered.epoch(), current.get().epoch())));
    }
    if (fleet.isStandalone()) {
      return CompletableFuture.completedFuture(fleet.push(offered, staged.placement().peers()));
    }
    if (current.orElse(null) != staged.over()) {
      return stage(staged.placement(), staged.preloaded() != null)
          .thenCompose(again -> putInForce(again, handedOff));
    }
    if (offered.epoch() < staged.newestEpoch()) {
      return CompletableFuture.completedFuture(
          Optional.of(new Fleet.Refusal(offered.epoch(), staged.newestEpoch())));
    }
    // Guilds handed off are here already, with their numbering: load only the others.
    if (staged.preloaded() != null) {
      List<Guild> notHandedOff =
          staged.preloaded().stream().filter(guild -> !handedOff.contains(guild.id())).toList();
      return adoptMissing(notHandedOff).thenApply(adopted -> switchTable(staged, adopted));
    }
    List<Long> notHandedOff =
        staged.gained().stream().filter(id -> !handedOff.contains(id)).toList();
    return loadMissing(notHandedOff).thenApply(loaded -> switchTable(staged, loaded));
  }

  /**
   * The slots a table gives this node that the table in force does not, and the guilds an override
   * names (now or before) that it gives this node.
   */
  private record Gains(List<Integer> slots, List<Long> pinned, int slotCount) {
    boolean none() {
      return slots.isEmpty() && pinned.isEmpty();
    }
  }

  private Gains gains(SlotTable offered, SlotTable current) {
    String self = fleet.selfId();
    List<Integer> slots = new ArrayList<>();
    for (int slot = 0; slot < offered.slotCount(); slot++) {
      boolean ownedBefore =
          current != null
              && current.slotCount() == offered.slotCount()
              && self.equals(current.ownerOfSlot(slot));
      if (self.equals(offered.ownerOfSlot(slot)) && !ownedBefore) {
        slots.add(slot);
      }
    }
    // Guilds pinned here, and those whose pin elsewhere is lifted and whose slot is this node's
    // (the guilds held here already are left out later).
    Set<Long> named = new HashSet<>(offered.overrides().keySet());
    if (current != null) {
      named.addAll(current.overrides().keySet());
    }
    List<Long> pinned = new ArrayList<>();
    for (long guild : named) {
      if (self.equals(offered.ownerOf(guild))) {
        pinned.add(guild);
      }
    }
    return new Gains(slots, pinned, offered.slotCount());
  }

  /** The guilds of the gained slots and pins, from the database. */
  private List<Long> guildIds(Gains gains) {
    try {
      return loader.guildIds(gains.slots(), gains.slotCount(), gains.pinned());
    } catch (SQLException unreachable) {
      throw new IllegalStateException("cannot list guilds", unreachable);
    }
  }

  /** The guilds of the gained slots and pins, read whole from the database. */
  private List<Guild> loadIn(Gains gains) {
    try {
      return loader.loadGuildsIn(gains.slots(), gains.slotCount(), gains.pinned()).stream()
          .map(Guild::from)
          .toList();
    } catch (SQLException unreachable) {
      throw new IllegalStateException("cannot load guilds", unreachable);
    }
  }

  /** Holds those of {@code guilds} not held here; completes with those it adopted. */
  private CompletableFuture<List<Guild>> adoptMissing(List<Guild> guilds) {
    if (guilds.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    return lanes
        .missing(guilds.stream().map(Guild::id).toList())
        .thenCompose(
            missing -> {
              Set<Long> wanted = Set.copyOf(missing);
              List<Guild> adopted =
                  guilds.stream().filter(guild -> wanted.contains(guild.id())).toList();
              return lanes.adopt(adopted).thenApply(done -> adopted);
            });
  }

  /** Loads and holds those of {@code guildIds} not held here; completes with those it loaded. */
  private CompletableFuture<List<Guild>> loadMissing(List<Long> guildIds) {
    if (guildIds.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    return lanes
        .missing(guildIds)
        .thenApplyAsync(this::load, database)
        .thenCompose(loaded -> lanes.adopt(loaded).thenApply(done -> loaded));
  }

  private List<Guild> load(List<Long> guildIds) {
    if (guildIds.isEmpty()) {
      return List.of();
    }
    try {
      return loader.loadGuilds(guildIds).stream().map(Guild::from).toList();
    } catch (SQLException unreachable) {
      throw new IllegalStateException("cannot load guilds", unreachable);
    }
  }

  /**
   * Records the offered epoch as the fleet's newest before it is put in force (a table that then
   * fails to apply here leaves the fence no weaker: the same epoch is accepted again); returns the
   * newest epoch, which refuses the offer when it is newer.
   */
  private long claim(Placement placement) {
    long epoch = placement.table().epoch();
    try {
      return epochs.claim(epoch, placement.json());
    } catch (SQLException unreachable) {
      throw new IllegalStateException("cannot record placement epoch " + epoch, unreachable);
    }
  }

  /**
   * Records a placement put in force, off the path of any write: a node that crashes before it
   * recorded it leaves the one before recorded, and the coordinator pushes the newest again.
   */
  private void record(Placement placement) {
    CompletableFuture.runAsync(
            () -> {
              try {
                epochs.record(placement.table().epoch(), placement.json());
              } catch (SQLException unreachable) {
                throw new IllegalStateException("cannot record the placement", unreachable);
              }
            },
            database)
        .exceptionally(
            failed -> {
              LOG.warn(
                  "placement at epoch {} not recorded: {}",
                  placement.table().epoch(),
                  failed.toString());
              return null;
            });
  }

  /**
   * At start: puts in force the newest placement the fleet recorded, if this node has none yet, so
   * that a fleet whose every node restarted comes back with the slot table it had. Completes with
   * its epoch, or -1 when there was none to take.
   */
  public CompletableFuture<Long> restore() {
    if (fleet.isStandalone() || fleet.table().isPresent()) {
      return CompletableFuture.completedFuture(-1L);
    }
    return takeNewestRecorded(-1);
  }

  /**
   * Puts in force the newest placement the fleet recorded if it is newer than the one in force: a
   * node that missed the pushes (it hung, or was cut off, while the fleet failed it over) learns
   * that its slots went elsewhere. Completes with the epoch taken, or -1 when none was newer.
   */
  public CompletableFuture<Long> catchUp() {
    if (fleet.isStandalone()) {
      return CompletableFuture.completedFuture(-1L);
    }
    return takeNewestRecorded(fleet.table().map(SlotTable::epoch).orElse(-1L));
  }

  private CompletableFuture<Long> takeNewestRecorded(long above) {
    return CompletableFuture.supplyAsync(
            () -> {
              try {
                return epochs.newest();
              } catch (SQLException unreachable) {
                throw new IllegalStateException("cannot read the placement", unreachable);
              }
            },
            database)
        .thenCompose(
            newest -> {
              if (newest.isEmpty()
                  || newest.get().document() == null
                  || newest.get().epoch() <= above) {
                return CompletableFuture.completedFuture(-1L);
              }
              Placement placement =
                  Placement.of(AdminCodec.read(newest.get().document(), PlacementDocument.class));
              return apply(placement)
                  .thenApply(refused -> refused.isPresent() ? -1L : placement.table().epoch());
            });
  }

  /**
   * Switches the table and opens the gates of guilds that moved away, so that their waiting writes
   * go to the new owners; then, not waited for, lets go of those guilds: their followers go to the
   * new owners.
   */
  private Optional<Fleet.Refusal> switchTable(Staged staged, List<Guild> loaded) {
    SlotTable offered = staged.placement().table();
    LongPredicate ownedNext = guild -> fleet.selfId().equals(offered.ownerOf(guild));
    Optional<Fleet.Refusal> refused = fleet.push(offered, staged.placement().peers());
    if (refused.isPresent()) {
      Set<Long> fresh = loaded.stream().map(Guild::id).collect(Collectors.toSet());
      lanes.release(guild -> !fresh.contains(guild));
      return refused;
    }
    record(staged.placement());
    remote.ownedHere(staged.gained());
    IntPredicate slotOwnedNext = slot -> fleet.selfId().equals(offered.ownerOfSlot(slot));
    gates.openAll(guild -> !ownedNext.test(guild));
    gates.openSlots(slot -> !slotOwnedNext.test(slot));
    gates.reopenKept(fleet::owns, slotOwnedNext);
    lanes
        .release(ownedNext)
        .thenAccept(engine::released)
        .exceptionally(
            failed -> {
              LOG.error(
                  "releasing the guilds moved away at epoch {} failed", offered.epoch(), failed);
              return null;
            });
    return Optional.empty();
  }
}
