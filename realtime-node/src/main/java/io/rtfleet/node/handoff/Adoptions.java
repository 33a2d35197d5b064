package io.rtfleet.node.handoff;

import io.rtfleet.node.fleet.PeerMessage;
import io.rtfleet.node.lanes.EventTail;
import io.rtfleet.node.lanes.Guild;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The receiving side of a slot handoff, in two steps so that the giver's writes wait only for the
 * second. Prepare (the giver still serves the guilds): load each guild's committed state from the
 * database and continue its numbering and event tail as the giver had them; keep it aside. Adopt
 * (the giver's gates are closed): add the events written since, reload from the database only the
 * guilds whose state (channels, roles, members) changed since, and queue them on the lanes. This
 * node serves them once its placement says it owns them.
 */
public final class Adoptions {
  /** A prepared guild nobody adopted (its coordinator stopped) is dropped after this long. */
  static final long STAGED_NANOS = 120_000_000_000L;

  /** A guild prepared here: its state as loaded, and the giver's state version it matches. */
  private record Staged(Guild guild, long stateVersion, long stagedAt) {}

  /** A guild's last sequence number and last events, to continue from. */
  private record Numbering(long lastSeq, List<EventTail.Entry> tail) {}

  private final Consumer<List<Guild>> hold;
  private final Function<Set<Long>, List<Guild>> load;
  private final Executor database;
  private final LongSupplier nanoClock;
  private final Map<Long, Staged> staged = new ConcurrentHashMap<>();

  /**
   * @param hold queues adopted guilds on their lanes, to be put in place of any copy held there
   *     before any task queued after it runs
   * @param load loads guilds' committed state from the database
   * @param database runs {@code load}
   */
  public Adoptions(
      Consumer<List<Guild>> hold,
      Function<Set<Long>, List<Guild>> load,
      Executor database,
      LongSupplier nanoClock) {
    this.hold = hold;
    this.load = load;
    this.database = database;
    this.nanoClock = nanoClock;
  }

  /**
   * Takes either step of a handoff; completes once the guilds are prepared, or adopted and queued.
   * Only reading the database leaves the calling thread: the adoption runs while the giver's writes
   * wait, and most often needs no database at all, so it does not wait for another thread to wake.
   */
  public CompletableFuture<Void> receive(PeerMessage.Adopt adopt) {
    if (adopt.prepare()) {
      return CompletableFuture.runAsync(() -> prepare(adopt), database);
    }
    return adopt(adopt);
  }

  /** Guilds prepared here that wait for their adoption. */
  public int stagedCount() {
    return staged.size();
  }

  /** Step one: loads and numbers the guilds, aside from the lanes. */
  void prepare(PeerMessage.Adopt prepare) {
    long now = nanoClock.getAsLong();
    staged.values().removeIf(old -> now - old.stagedAt() > STAGED_NANOS);
    Map<Long, PeerMessage.HandedGuild> handed = byGuild(prepare.guilds());
    for (Guild guild : load.apply(handed.keySet())) {
      PeerMessage.HandedGuild from = handed.get(guild.id());
      guild.continueFrom(from.lastSeq(), entries(guild.id(), from.tail()));
      staged.put(guild.id(), new Staged(guild, from.stateVersion(), now));
    }
  }

  /**
   * Step two: completes the prepared guilds with the events since, loads those not prepared or
   * changed since, and queues them all on their lanes. Completes once they are queued, not held: a
   * lane runs its tasks in order, so whatever reaches a lane after them (the placement put in
   * force, the requests it routes here) finds them held, and the answer to the giver, on which its
   * writes wait, does not wait for a lane to get a core.
   */
  CompletableFuture<Void> adopt(PeerMessage.Adopt adopt) {
    List<Guild> ready = new ArrayList<>();
    Map<Long, Numbering> reload = new HashMap<>();
    for (PeerMessage.HandedGuild from : adopt.guilds()) {
      Staged prepared = staged.remove(from.guildId());
      Guild guild = prepared == null ? null : prepared.guild();
      if (guild == null || !continues(guild, from)) {
        reload.put(
            from.guildId(), new Numbering(from.lastSeq(), entries(from.guildId(), from.tail())));
        continue;
      }
      guild.continueFrom(from.lastSeq(), entries(guild.id(), from.tail()));
      if (prepared.stateVersion() == from.stateVersion()) {
        ready.add(guild);
      } else {
        // Its channels, roles or members changed since it was loaded: load them again, but keep
        // the numbering and the longer tail it has here.
        reload.put(guild.id(), new Numbering(guild.seq(), guild.tail().newest(Guild.TAIL_EVENTS)));
      }
    }
    if (reload.isEmpty()) {
      hold.accept(ready);
      return CompletableFuture.completedFuture(null);
    }
    return CompletableFuture.supplyAsync(() -> load.apply(new HashSet<>(reload.keySet())), database)
        .thenAccept(
            loaded -> {
              for (Guild guild : loaded) {
                Numbering numbering = reload.get(guild.id());
                guild.continueFrom(numbering.lastSeq(), numbering.tail());
                ready.add(guild);
              }
              hold.accept(ready);
            });
  }

  /** Whether the events handed now follow on from those the guild was prepared with. */
  private static boolean continues(Guild guild, PeerMessage.HandedGuild from) {
    if (from.tail().isEmpty()) {
      return from.lastSeq() == guild.seq();
    }
    return from.tail().get(0).seq() == guild.seq() + 1
        && from.tail().get(from.tail().size() - 1).seq() == from.lastSeq();
  }

  private static Map<Long, PeerMessage.HandedGuild> byGuild(List<PeerMessage.HandedGuild> guilds) {
    Map<Long, PeerMessage.HandedGuild> byId = new HashMap<>();
    guilds.forEach(guild -> byId.put(guild.guildId(), guild));
    return byId;
  }

  private static List<EventTail.Entry> entries(
      long guildId, List<PeerMessage.SequencedDispatch> events) {
    List<EventTail.Entry> entries = new ArrayList<>(events.size());
    for (PeerMessage.SequencedDispatch event : events) {
      entries.add(
          new EventTail.Entry(
              event.seq(), event.dispatch().toDispatch().sequenced(guildId, event.seq())));
    }
    return entries;
  }
}
