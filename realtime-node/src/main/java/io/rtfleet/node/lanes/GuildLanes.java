package io.rtfleet.node.lanes;

import io.rtfleet.api.admin.NodeState;
import io.rtfleet.api.protocol.Slots;
import io.rtfleet.node.discord.ApiError;
import io.rtfleet.node.discord.ApiException;
import io.rtfleet.node.fleet.PeerMessage;
import io.rtfleet.node.model.Channel;
import io.rtfleet.node.session.Dispatch;
import io.rtfleet.node.session.Session;
import io.rtfleet.node.store.GroupCommitter;
import io.rtfleet.node.store.Write;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * The lanes that own guilds: each guild belongs to one lane, a single thread, chosen by its slot;
 * all of a guild's reads and writes run there, so guild state needs no locks and its events are
 * totally ordered. A write is checked against the committed state on the lane, handed to the {@link
 * GroupCommitter}, and only once it is durable applied to memory, given the guild's next sequence
 * number, encoded once and fanned out (one task per session executor) and answered. Commit
 * callbacks return to the lane in commit order, which is submission order, so the event order is
 * the lane's order.
 */
public final class GuildLanes {
  private final Executor[] lanes;
  private final List<Map<Long, Guild>> guildsByLane;
  private final List<Map<Long, FollowedGuild>> followedByLane;
  private final Directory directory;
  private final GroupCommitter committer;
  private final LaneMetrics metrics;
  private final LongSupplier nanoClock;
  private final WriteGates gates;

  public GuildLanes(
      Executor[] lanes,
      Directory directory,
      GroupCommitter committer,
      LaneMetrics metrics,
      LongSupplier nanoClock,
      WriteGates gates) {
    this.lanes = lanes.clone();
    this.guildsByLane = new ArrayList<>();
    this.followedByLane = new ArrayList<>();
    for (int i = 0; i < lanes.length; i++) {
      guildsByLane.add(new HashMap<>());
      followedByLane.add(new HashMap<>());
    }
    this.directory = directory;
    this.committer = committer;
    this.metrics = metrics;
    this.nanoClock = nanoClock;
    this.gates = gates;
  }

  /** Whether the guild's writes are held for a handoff: nothing may add to its events. */
  public boolean isHeld(long guildId) {
    return gates.gate(guildId) != null;
  }

  /** Takes ownership of loaded guilds; call before serving. */
  public CompletableFuture<Void> adopt(List<Guild> loaded) {
    // A guild handed off by its previous owner is already here, with its numbering.
    return hold(loaded, (held, guild) -> held.putIfAbsent(guild.id(), guild));
  }

  /**
   * Queues these guilds on their lanes, each to be put in place of any copy held (a handoff's state
   * wins over a stale load) before any task queued on its lane after this call runs.
   */
  public void replace(List<Guild> replacements) {
    hold(replacements, (held, guild) -> held.put(guild.id(), guild));
  }

  /** Puts each guild among its lane's guilds with {@code put}, and adds it to the directory. */
  private CompletableFuture<Void> hold(
      List<Guild> guilds, BiConsumer<Map<Long, Guild>, Guild> put) {
    return onLanesOf(
            guilds,
            Guild::id,
            (held, onLane) -> {
              for (Guild guild : onLane) {
                put.accept(held, guild);
                addToDirectory(guild);
              }
              return List.of();
            })
        .thenApply(done -> null);
  }

  /** Those of {@code guildIds} not held here. */
  public CompletableFuture<List<Long>> missing(List<Long> guildIds) {
    return onLanesOf(
        guildIds,
        Long::longValue,
        (guilds, onLane) -> onLane.stream().filter(id -> !guilds.containsKey(id)).toList());
  }

  /**
   * Runs {@code take} on their lanes on the guilds held that {@code which} names; completes with
   * what it took from each.
   */
  public <T> CompletableFuture<List<T>> take(LongPredicate which, Function<Guild, T> take) {
    return fromEveryLane(
        guilds -> {
          List<T> taken = new ArrayList<>();
          for (Guild guild : guilds.values()) {
            if (which.test(guild.id())) {
              taken.add(take.apply(guild));
            }
          }
          return taken;
        });
  }

  /**
   * Runs {@code task} once on each lane that has any of {@code items} (each belongs to the lane of
   * the guild {@code guildOf} names), with the lane's guilds and its items; completes with all
   * results. One task per lane, not per item: a handoff moves hundreds of guilds while their writes
   * wait, and each task is a hand-off between threads.
   */
  private <E, T> CompletableFuture<List<T>> onLanesOf(
      Collection<E> items,
      ToLongFunction<E> guildOf,
      BiFunction<Map<Long, Guild>, List<E>, List<T>> task) {
    List<List<E>> byLane = byLane(items, guildOf);
    List<CompletableFuture<List<T>>> perLane = new ArrayList<>();
    for (int lane = 0; lane < lanes.length; lane++) {
      List<E> onLane = byLane.get(lane);
      if (!onLane.isEmpty()) {
        Map<Long, Guild> guilds = guildsByLane.get(lane);
        perLane.add(CompletableFuture.supplyAsync(() -> task.apply(guilds, onLane), lanes[lane]));
      }
    }
    return joined(perLane);
  }

  /** Runs {@code task} on every lane with its guilds; completes with all lanes' results. */
  private <T> CompletableFuture<List<T>> fromEveryLane(Function<Map<Long, Guild>, List<T>> task) {
    List<CompletableFuture<List<T>>> perLane = new ArrayList<>();
    for (int lane = 0; lane < lanes.length; lane++) {
      Map<Long, Guild> guilds = guildsByLane.get(lane);
      perLane.add(CompletableFuture.supplyAsync(() -> task.apply(guilds), lanes[lane]));
    }
    return joined(perLane);
  }

  private static <T> CompletableFuture<List<T>> joined(List<CompletableFuture<List<T>>> perLane) {
    return CompletableFuture.allOf(perLane.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              List<T> all = new ArrayList<>();
              perLane.forEach(lane -> all.addAll(lane.join()));
              return all;
            });
  }

  /**
   * Gives up the guilds {@code keep} rejects (another node owns them now); completes with them so
   * that their local subscribers can follow the new owner.
   */
  public CompletableFuture<List<Guild>> release(LongPredicate keep) {
    return fromEveryLane(
        guilds -> {
          List<Guild> released = new ArrayList<>();
          guilds
              .values()
              .removeIf(
                  guild -> {
                    if (keep.test(guild.id())) {
                      return false;
                    }
                    released.add(guild);
                    return true;
                  });
          return released;
        });
  }

  /** Adds the guild to the node-wide directory (channels, memberships) without owning it. */
  public void addToDirectory(Guild guild) {
    guild.channels().forEach(channel -> directory.putChannel(channel.id(), guild.id()));
    guild.members().forEach(member -> directory.addMembership(member.userId(), guild.id()));
  }

  private int laneOf(long guildId) {
    return Slots.of(guildId, lanes.length);
  }

  public <T> CompletableFuture<T> onLane(long guildId, Function<Map<Long, Guild>, T> task) {
    int lane = laneOf(guildId);
    return CompletableFuture.supplyAsync(() -> task.apply(guildsByLane.get(lane)), lanes[lane]);
  }

  /** Runs {@code task} on the guild's lane with the guilds followed from other nodes. */
  public <T> CompletableFuture<T> onFollowLane(
      long guildId, Function<Map<Long, FollowedGuild>, T> task) {
    int lane = laneOf(guildId);
    return CompletableFuture.supplyAsync(() -> task.apply(followedByLane.get(lane)), lanes[lane]);
  }

  /**
   * Runs {@code task} once on each lane that has any of {@code guildIds}, with the guilds it
   * follows from other nodes and the ids on it.
   */
  public void onFollowLanesOf(
      Collection<Long> guildIds, BiConsumer<Map<Long, FollowedGuild>, List<Long>> task) {
    List<List<Long>> byLane = byLane(guildIds, Long::longValue);
    for (int lane = 0; lane < lanes.length; lane++) {
      List<Long> onLane = byLane.get(lane);
      if (!onLane.isEmpty()) {
        Map<Long, FollowedGuild> followed = followedByLane.get(lane);
        lanes[lane].execute(() -> task.accept(followed, onLane));
      }
    }
  }

  /** {@code items} split by the lane of the guild {@code guildOf} names, in lane order. */
  private <E> List<List<E>> byLane(Collection<E> items, ToLongFunction<E> guildOf) {
    List<List<E>> byLane = new ArrayList<>(lanes.length);
    for (int lane = 0; lane < lanes.length; lane++) {
      byLane.add(new ArrayList<>());
    }
    items.forEach(item -> byLane.get(laneOf(guildOf.applyAsLong(item))).add(item));
    return byLane;
  }

  /** Runs {@code task} on every lane with the guilds it follows from other nodes. */
  public void forEachFollowLane(java.util.function.Consumer<Map<Long, FollowedGuild>> task) {
    for (int lane = 0; lane < lanes.length; lane++) {
      Map<Long, FollowedGuild> followed = followedByLane.get(lane);
      lanes[lane].execute(() -> task.accept(followed));
    }
  }

  /** Runs {@code task} on the guild's lane with the guild, failing with UNKNOWN_GUILD if absent. */
  public <T> CompletableFuture<T> withGuild(
      long guildId, Function<Guild, CompletableFuture<T>> task) {
    return onLane(
            guildId,
            guilds -> {
              Guild guild = guilds.get(guildId);
              if (guild == null) {
                throw new ApiException(ApiError.UNKNOWN_GUILD);
              }
              return task.apply(guild);
            })
        .thenCompose(Function.identity());
  }

  /**
   * Commits the writes in order, then runs {@code applied} with their update counts on the guild's
   * lane. The committer completes futures in submission order and {@code allOf} hands the callback
   * to the lane from the completing thread, so callbacks reach the lane in commit order.
   */
  public <T> CompletableFuture<T> commitThen(
      long guildId, List<Write> writes, Function<int[], T> applied) {
    List<CompletableFuture<Integer>> committed = new ArrayList<>(writes.size());
    writes.forEach(write -> committed.add(committer.submit(write)));
    return CompletableFuture.allOf(committed.toArray(CompletableFuture[]::new))
        .handleAsync(
            (done, failure) -> {
              if (failure != null) {
                throw new ApiException(ApiError.UNAVAILABLE);
              }
              return applied.apply(committed.stream().mapToInt(CompletableFuture::join).toArray());
            },
            lanes[laneOf(guildId)]);
  }

  /**
   * Numbers the event and sends it to the guild's local subscribers (one task per session executor)
   * and one copy to each peer node that follows the guild.
   */
  public void fanOut(Guild guild, Dispatch unnumbered) {
    long seq = guild.nextSeq();
    Dispatch dispatch = unnumbered.sequenced(guild.id(), seq);
    guild.tail().append(seq, dispatch);
    metrics.eventCreated(dispatch.type());
    deliverLocally(guild.subscribersByExecutor(), dispatch);
    if (!guild.followers().isEmpty()) {
      // A follower whose link closed is dropped here, at the guild's next event.
      if (guild.followers().removeIf(link -> !link.isOpen())) {
        guild.presenceFollowers().removeIf(link -> !link.isOpen());
      }
      PeerMessage.Event event =
          new PeerMessage.Event(guild.id(), seq, PeerMessage.EncodedDispatch.of(dispatch));
      guild.followers().forEach(link -> link.send(event));
    }
  }

  /**
   * Delivers one dispatch to local sessions, one task per executor; from a lane task, once that
   * task has ended (see {@link LaneExecutor}).
   */
  public void deliverLocally(Map<Executor, Session[]> subscribersByExecutor, Dispatch dispatch) {
    long created = nanoClock.getAsLong();
    Runnable handOut =
        () ->
            subscribersByExecutor.forEach(
                (executor, subscribers) ->
                    executor.execute(
                        () -> {
                          metrics.delivered(Session.deliverAll(subscribers, dispatch));
                          metrics.fanoutSeconds((nanoClock.getAsLong() - created) / 1e9);
                        }));
    if (!LaneExecutor.atTaskEnd(handOut)) {
      handOut.run();
    }
  }

  /**
   * One load per slot this node holds guilds of: the guilds, their members and local subscribers,
   * and their events so far. One per slot, not per guild: a node may hold millions of guilds, and
   * the planner places slots.
   */
  public CompletableFuture<List<NodeState.SlotLoad>> slotLoads(int slotCount) {
    return fromEveryLane(
            guilds -> {
              Map<Integer, long[]> bySlot = new HashMap<>();
              for (Guild guild : guilds.values()) {
                long[] load =
                    bySlot.computeIfAbsent(Slots.of(guild.id(), slotCount), slot -> new long[4]);
                load[0]++;
                load[1] += guild.memberCount();
                load[2] += guild.subscriberCount();
                load[3] += guild.seq();
              }
              List<long[]> perSlot = new ArrayList<>();
              bySlot.forEach(
                  (slot, load) ->
                      perSlot.add(new long[] {slot, load[0], load[1], load[2], load[3]}));
              return perSlot;
            })
        .thenApply(GuildLanes::mergedBySlot);
  }

  /** Lanes hold guilds of the same slot: their partial loads add up. */
  private static List<NodeState.SlotLoad> mergedBySlot(List<long[]> partial) {
    Map<Integer, long[]> merged = new java.util.TreeMap<>();
    for (long[] load : partial) {
      long[] total = merged.computeIfAbsent((int) load[0], slot -> new long[4]);
      for (int i = 0; i < 4; i++) {
        total[i] += load[i + 1];
      }
    }
    List<NodeState.SlotLoad> loads = new ArrayList<>(merged.size());
    merged.forEach(
        (slot, load) ->
            loads.add(new NodeState.SlotLoad(slot, (int) load[0], load[1], load[2], load[3])));
    return loads;
  }

  public interface ChannelTask<T> {
    CompletableFuture<T> run(Guild guild, Channel channel);
  }

  public <T> CompletableFuture<T> withChannel(long userId, long channelId, ChannelTask<T> task) {
    long guildId = directory.guildOfChannel(channelId);
    if (guildId == 0) {
      return CompletableFuture.failedFuture(new ApiException(ApiError.UNKNOWN_CHANNEL));
    }
    return withGuild(
        guildId,
        guild -> {
          Channel channel = guild.channel(channelId);
          if (channel == null) {
            throw new ApiException(ApiError.UNKNOWN_CHANNEL);
          }
          requireMember(guild, userId);
          return task.run(guild, channel);
        });
  }

  public static void requireMember(Guild guild, long userId) {
    if (!guild.isMember(userId)) {
      throw new ApiException(ApiError.MISSING_ACCESS);
    }
  }

  public static void requireOwner(Guild guild, long userId) {
    requireMember(guild, userId);
    if (guild.ownerId() != userId) {
      throw new ApiException(ApiError.MISSING_PERMISSIONS);
    }
  }
}
