package io.rtfleet.node.handoff;

import io.rtfleet.api.admin.HandoffReport;
import io.rtfleet.api.protocol.Slots;
import io.rtfleet.node.discord.ApiError;
import io.rtfleet.node.discord.ApiException;
import io.rtfleet.node.fleet.Fleet;
import io.rtfleet.node.fleet.PeerClient;
import io.rtfleet.node.fleet.PeerMessage;
import io.rtfleet.node.fleet.Placement;
import io.rtfleet.node.lanes.EventTail;
import io.rtfleet.node.lanes.Guild;
import io.rtfleet.node.lanes.GuildLanes;
import io.rtfleet.node.lanes.WriteGates;
import io.rtfleet.node.operations.GuildEngine;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * The giving side of a handoff (the guilds of some slots, or single pinned guilds), run for the
 * coordinator. First, while this node still serves the guilds, it sends the receiving node their
 * sequence numbers, state versions and newest events, and the receiver loads their state from the
 * database (the slow part, with no write waiting). Then it closes the guilds' write gates (new
 * requests wait), waits until the writes already on their way are applied, and sends only what
 * changed since: the events written in the meantime and the state versions, so the receiver reloads
 * only guilds whose channels, roles or members changed, together with the placement that moves
 * them. The receiver puts that placement in force before it answers; then this node does, and its
 * gates open onto the receiver: the waiting requests go there, and this node's followers follow the
 * guilds there.
 *
 * <p>Should the receiver not answer, nobody here knows whether it took the placement: the gates
 * stay closed until a placement settles who owns the guilds (the coordinator's recovery pushes the
 * newest any node has).
 */
public final class Handoffs {
  private final Fleet fleet;
  private final GuildLanes lanes;
  private final WriteGates gates;
  private final Ownership ownership;
  private final ScheduledExecutorService timer;

  public Handoffs(
      Fleet fleet,
      GuildLanes lanes,
      WriteGates gates,
      Ownership ownership,
      ScheduledExecutorService timer) {
    this.fleet = fleet;
    this.lanes = lanes;
    this.gates = gates;
    this.ownership = ownership;
    this.timer = timer;
  }

  /**
   * Hands the guilds of {@code slots} to node {@code to}, which {@code next} makes their owner;
   * completes with what was handed once both nodes have {@code next} in force. A guild of those
   * slots that {@code next} pins elsewhere (to this node, say) is not handed.
   */
  public CompletableFuture<HandoffReport> handOff(Set<Integer> slots, String to, Placement next) {
    int slotCount =
        fleet.table().orElseThrow(() -> new ApiException(ApiError.UNAVAILABLE)).slotCount();
    return handOff(new SlotScope(slots, slotCount, to, next), to, next);
  }

  /**
   * Hands single guilds, held here, to node {@code to}, which {@code next} makes their owner (an
   * override pins them there, or one lifted gives them back to their slot's owner).
   */
  public CompletableFuture<HandoffReport> handOffGuilds(
      Set<Long> guilds, String to, Placement next) {
    return handOff(new GuildScope(guilds), to, next);
  }

  /**
   * What a handoff moves, and how its writes are held: whole slots (their gates hold the guilds
   * created in them meanwhile too), or single guilds.
   */
  private interface Scope {
    /** Whether a guild held here is handed. */
    boolean covers(long guildId);

    int slots();

    /** Holds the writes that would add a guild to the scope or reach one in it. */
    void close();

    /** The guilds whose writes on their way must land before the final listing. */
    List<Long> inFlight();

    /** The handoff failed with nothing handed: writes go on here. */
    void reopen();

    /** Nobody knows whether the receiver took them: everything waits for a placement. */
    void leaveWaiting(List<Long> guilds);
  }

  private final class SlotScope implements Scope {
    private final Set<Integer> slots;
    private final int slotCount;
    private final String to;
    private final Placement next;

    SlotScope(Set<Integer> slots, int slotCount, String to, Placement next) {
      this.slots = slots;
      this.slotCount = slotCount;
      this.to = to;
      this.next = next;
    }

    @Override
    public boolean covers(long guildId) {
      return slots.contains(Slots.of(guildId, slotCount))
          && to.equals(next.table().ownerOf(guildId));
    }

    @Override
    public int slots() {
      return slots.size();
    }

    @Override
    public void close() {
      gates.closeSlots(slots, slotCount);
    }

    @Override
    public List<Long> inFlight() {
      return gates.inFlightIn(slots, slotCount);
    }

    @Override
    public void reopen() {
      gates.openSlots(slot -> slots.contains(slot) && !gates.slotHandedOff(slot));
    }

    @Override
    public void leaveWaiting(List<Long> guilds) {
      guilds.forEach(gates::handedOff);
      gates.slotsHandedOff(slots);
    }
  }

  private final class GuildScope implements Scope {
    private final Set<Long> guilds;

    GuildScope(Set<Long> guilds) {
      this.guilds = guilds;
    }

    @Override
    public boolean covers(long guildId) {
      return guilds.contains(guildId);
    }

    @Override
    public int slots() {
      return 0;
    }

    @Override
    public void close() {
      guilds.forEach(gates::close);
    }

    @Override
    public List<Long> inFlight() {
      return List.copyOf(guilds);
    }

    @Override
    public void reopen() {
      gates.openAll(guild -> guilds.contains(guild) && !gates.isHandedOff(guild));
    }

    @Override
    public void leaveWaiting(List<Long> handed) {
      handed.forEach(gates::handedOff);
    }
  }

  private CompletableFuture<HandoffReport> handOff(Scope scope, String to, Placement next) {
    PeerClient receiver = fleet.peer(to);
    if (receiver == null) {
      throw new ApiException(ApiError.NOT_FOUND);
    }
    long epoch = next.table().epoch();
    Progress progress = new Progress(System.nanoTime());
    Map<Long, Long> preparedSeqs = new ConcurrentHashMap<>();
    CompletableFuture<Ownership.Staged> staged = ownership.stage(next);
    return lanes
        .take(scope::covers, guild -> newest(guild, preparedSeqs))
        .thenCompose(
            prepared -> receiver.call(id -> new PeerMessage.Adopt(id, epoch, true, prepared, next)))
        .thenCombine(staged, (preparedAck, stagedHere) -> stagedHere)
        .thenCompose(
            stagedHere -> {
              progress.prepared = System.nanoTime();
              // From now on every write to the scope waits, a guild's creation in its slots too;
              // those on their way already are let land, so that the listing has every guild of
              // the scope (the receiver loads those created since the preparation) in its final
              // state.
              scope.close();
              return gates
                  .whenIdle(scope.inFlight(), timer)
                  .thenCompose(
                      idle -> {
                        progress.writesDrained = System.nanoTime();
                        return handOver(receiver, to, scope, stagedHere, preparedSeqs, progress);
                      });
            })
        .whenComplete(
            (handed, failure) -> {
              if (failure != null) {
                scope.reopen();
              }
            })
        .thenApply(handed -> progress.report(to, scope.slots(), handed.size(), epoch));
  }

  /** When each step of a handoff ended, in {@link System#nanoTime} units. */
  private static final class Progress {
    final long started;
    long prepared;
    long writesDrained;
    long snapshotTaken;
    long adopted;
    long placed;

    Progress(long started) {
      this.started = started;
    }

    HandoffReport report(String to, int slots, int guilds, long epoch) {
      return new HandoffReport(
          to,
          slots,
          guilds,
          epoch,
          (System.nanoTime() - started) / 1e6,
          (prepared - started) / 1e6,
          (writesDrained - prepared) / 1e6,
          (snapshotTaken - writesDrained) / 1e6,
          (adopted - snapshotTaken) / 1e6,
          (placed - adopted) / 1e6);
    }
  }

  /**
   * With the guilds' writes waiting: sends what changed since the preparation; once the receiver
   * has put the placement in force, puts it in force here, which opens the gates onto the receiver.
   */
  private CompletableFuture<List<PeerMessage.HandedGuild>> handOver(
      PeerClient receiver,
      String to,
      Scope scope,
      Ownership.Staged staged,
      Map<Long, Long> preparedSeqs,
      Progress progress) {
    long epoch = staged.placement().table().epoch();
    // The scope's writes wait already, and none is in flight: the guilds' own gates keep them
    // closed, and time the pause, until the placement settles where they go. Listing the guilds,
    // closing their gates and taking what changed is one pass on each lane.
    return lanes
        .take(
            scope::covers,
            guild -> {
              gates.close(guild.id());
              return since(guild, preparedSeqs);
            })
        .whenComplete(
            (handed, failure) -> {
              if (failure != null) {
                // Nothing went to the receiver: this node keeps serving them.
                gates.openAll(scope::covers);
              }
            })
        .thenCompose(
            handed -> {
              progress.snapshotTaken = System.nanoTime();
              List<Long> guilds = handed.stream().map(PeerMessage.HandedGuild::guildId).toList();
              return receiver
                  .call(id -> new PeerMessage.Adopt(id, epoch, false, handed, null))
                  .handle(
                      (answer, lost) -> {
                        progress.adopted = System.nanoTime();
                        return placed(answer, lost, to, epoch, scope, guilds, staged);
                      })
                  .thenCompose(Function.identity())
                  .thenApply(
                      done -> {
                        progress.placed = System.nanoTime();
                        return handed;
                      });
            });
  }

  /**
   * The receiver's answer to the adoption: it took the placement (put it in force here too), it
   * refused it (serve the guilds again), or it did not answer (nobody here knows which).
   */
  private CompletableFuture<Void> placed(
      PeerMessage answer,
      Throwable lost,
      String to,
      long epoch,
      Scope scope,
      List<Long> guilds,
      Ownership.Staged staged) {
    if (lost != null) {
      scope.leaveWaiting(guilds);
      return CompletableFuture.failedFuture(
          new ApiException(
              ApiError.UNAVAILABLE,
              "to",
              to
                  + " did not answer the handoff ("
                  + ApiException.unwrap(lost)
                  + "); the guilds' writes wait until a placement is pushed to settle who owns"
                  + " them"));
    }
    long taken = ((PeerMessage.Adopted) answer).epoch();
    if (taken != epoch) {
      guilds.forEach(gates::open);
      return CompletableFuture.failedFuture(
          new ApiException(
              ApiError.CONFLICT,
              "placement",
              to + " refused placement epoch " + epoch + ": it has epoch " + taken));
    }
    return ownership
        .putInForce(staged, Set.of())
        .thenAccept(
            refused -> {
              if (refused.isPresent()) {
                // A newer placement came meanwhile: it decides, and opens the gates.
                scope.leaveWaiting(guilds);
                gates.reopenKept(fleet::owns, fleet::ownsSlot);
              }
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
}
