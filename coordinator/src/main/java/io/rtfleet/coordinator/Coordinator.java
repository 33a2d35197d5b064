package io.rtfleet.coordinator;

import io.rtfleet.api.admin.DrainRequest;
import io.rtfleet.api.admin.DrainStatus;
import io.rtfleet.api.admin.HandoffReport;
import io.rtfleet.api.admin.HandoffRequest;
import io.rtfleet.api.admin.NodeState;
import io.rtfleet.api.admin.PlacementChange;
import io.rtfleet.api.admin.PlacementDocument;
import io.rtfleet.api.admin.WritePauses;
import io.rtfleet.api.placement.Move;
import io.rtfleet.api.placement.PlacementNode;
import io.rtfleet.api.placement.PlacementPlanner;
import io.rtfleet.api.placement.PlanLimits;
import io.rtfleet.api.placement.SlotTable;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Runs a fleet through its nodes' admin API one step at a time, as an operator's reconcile loop
 * does: each call reads what it needs, takes at most one step (a batch of slots handed off, a drain
 * moved on, a dead node's slots given away), and returns a value the caller records and passes back
 * next time. No call sleeps or polls; a caller that wants to wait requeues.
 *
 * <p>A slot move is a handoff: the giving node hands the batch's guilds to the receiver with the
 * next placement epoch (its writes wait while the receiver takes them and puts the placement in
 * force), then the coordinator pushes that placement to every other node. A coordinator that stops
 * between two steps leaves a fleet that works; one that stops inside a handoff leaves the giver and
 * the receiver on the next epoch and the others behind, or the giver's writes waiting. A new
 * coordinator (or the same one, after a failure of kind {@link AdminFailure.Kind#OUTCOME_UNKNOWN})
 * calls {@link #recover}, then carries on: every step plans again from what the fleet has now.
 *
 * <p>Failures come as {@link AdminFailure}s, classified: a stale epoch means read the fleet again
 * and plan again; an unknown outcome means recover; an unreachable node is retried, and past its
 * grace failed over ({@link #failOver}); a refusal means the request itself was wrong.
 */
public final class Coordinator {
  private final Map<String, NodeAdminClient> nodes;
  private final Map<String, String> peers;
  private final int maxSlotsPerBatch;
  private final PlanLimits limits;
  private final Clock clock;

  /**
   * The newest placement this coordinator has read or pushed. An epoch names one table, so while
   * the newest epoch the nodes report is this one's, observing need not fetch and decode the whole
   * table again (~200 KB at 16,384 slots, on the path of a failover).
   */
  private volatile PlacementDocument knownPlacement;

  /**
   * @param nodes the admin client of each node of the fleet, by node id
   * @param peers the peer address (host:port) of every node, carried in each placement
   * @param maxSlotsPerBatch slots handed off in one handoff: a bigger batch pauses more guilds at
   *     once, for longer
   * @param limits how far a plan may go
   */
  public Coordinator(
      Map<String, NodeAdminClient> nodes,
      Map<String, String> peers,
      int maxSlotsPerBatch,
      PlanLimits limits) {
    this(nodes, peers, maxSlotsPerBatch, limits, Clock.systemUTC());
  }

  /**
   * As above, with the clock progress is timed by. Nothing here waits (a caller that wants to wait
   * requeues), so the coordinator needs no scheduler; the clock only stamps progress, so that the
   * caller can tell a drain that is stuck ({@link DrainProgress#stalledFor}).
   */
  public Coordinator(
      Map<String, NodeAdminClient> nodes,
      Map<String, String> peers,
      int maxSlotsPerBatch,
      PlanLimits limits,
      Clock clock) {
    if (maxSlotsPerBatch < 1) {
      throw new IllegalArgumentException(
          "max slots per batch must be positive: " + maxSlotsPerBatch);
    }
    this.nodes = new LinkedHashMap<>(nodes);
    this.peers = Map.copyOf(peers);
    this.maxSlotsPerBatch = maxSlotsPerBatch;
    this.limits = limits;
    this.clock = clock;
  }

  public Map<String, NodeAdminClient> nodes() {
    return Map.copyOf(nodes);
  }

  // ---- observing

  /**
   * Reads every node's state, and the newest placement any node has (from the node reporting the
   * newest epoch), all nodes at once. Fails only when no node has a placement.
   */
  public FleetSnapshot observe() {
    Map<String, CompletableFuture<NodeState>> asked = new LinkedHashMap<>();
    nodes.forEach((id, node) -> asked.put(id, node.state()));
    Map<String, NodeState> states = new LinkedHashMap<>();
    Map<String, AdminFailure> unanswered = new LinkedHashMap<>();
    asked.forEach(
        (id, answer) -> {
          try {
            states.put(id, answer.join());
          } catch (CompletionException failed) {
            unanswered.put(id, AdminFailure.of(id, failed));
          }
        });
    long newestEpoch = states.values().stream().mapToLong(NodeState::epoch).max().orElse(-1);
    PlacementDocument known = knownPlacement;
    if (known != null && known.epoch() == newestEpoch) {
      return new FleetSnapshot(states, unanswered, known);
    }
    PlacementDocument newest = null;
    List<String> byEpoch = new ArrayList<>(states.keySet());
    byEpoch.sort((a, b) -> Long.compare(states.get(b).epoch(), states.get(a).epoch()));
    for (String id : byEpoch) {
      Optional<PlacementDocument> placement = join(id, nodes.get(id).placement());
      if (placement.isPresent()) {
        newest = placement.get();
        break;
      }
    }
    if (newest == null) {
      throw new AdminFailure(
          "fleet", AdminFailure.Kind.REFUSED, 0, -1, "no node has a placement yet");
    }
    knownPlacement = newest;
    return new FleetSnapshot(states, unanswered, newest);
  }

  // ---- placement

  /**
   * Puts the newest table any live node has, at the next epoch, on every node that answers: a
   * handoff whose table reached the receiver but not the giver is thereby finished, one whose table
   * reached nobody is given up (the giver serves its guilds again), and the giver's waiting writes
   * go on either way. Returns the table now in force.
   */
  public SlotTable recover() {
    SlotTable newest = observe().table();
    SlotTable next = newest.apply(List.of());
    push(newest, next);
    return next;
  }

  /**
   * Pushes {@code table} to every node that answers, at once (a node that gets it before another it
   * names as owner is safe: what it sends on carries the new epoch, and the other waits for it). An
   * unreachable node is skipped: it reads the newest placement when it comes back. Fails with the
   * first other failure, a stale epoch among them.
   */
  public void push(SlotTable table) {
    push(null, table);
  }

  /**
   * As {@link #push(SlotTable)}, sending each node only what changed since {@code previous} (the
   * slots a handoff moved: a few hundred bytes, where the whole table is ~200 KB at 16,384 slots
   * and a fleet of 1,000 nodes would be sent 200 MB per push). A node that has not {@code previous}
   * in force (it missed a push, it is new, or it predates changes) gets the whole table.
   */
  public void push(SlotTable previous, SlotTable next) {
    PlacementDocument whole = PlacementDocument.of(next, peers);
    PlacementChange change =
        previous == null || previous.slotCount() != next.slotCount()
            ? null
            : PlacementChange.between(PlacementDocument.of(previous, peers), whole);
    Map<String, CompletableFuture<?>> answers = new LinkedHashMap<>();
    nodes.forEach(
        (id, node) ->
            answers.put(
                id,
                change == null
                    ? node.pushPlacement(whole)
                    : node.changePlacement(change)
                        .exceptionallyCompose(
                            failed ->
                                wantsWholeTable(id, failed, next)
                                    ? node.pushPlacement(whole)
                                    : CompletableFuture.failedFuture(failed))));
    AdminFailure first = null;
    for (Map.Entry<String, CompletableFuture<?>> answer : answers.entrySet()) {
      try {
        answer.getValue().join();
      } catch (CompletionException failed) {
        AdminFailure classified = AdminFailure.of(answer.getKey(), failed);
        if (classified.kind() != AdminFailure.Kind.UNREACHABLE && first == null) {
          first = classified;
        }
      }
    }
    if (first != null) {
      throw first;
    }
    knownPlacement = whole;
  }

  /**
   * Whether a node that refused a change takes the whole table instead: it is behind (its epoch is
   * older than the change's), or it does not know changes (a node of an older release).
   */
  private static boolean wantsWholeTable(String id, Throwable failed, SlotTable next) {
    AdminFailure classified = AdminFailure.of(id, failed);
    return switch (classified.kind()) {
      case STALE_EPOCH -> classified.epoch() < next.epoch();
      case REFUSED -> classified.status() == 404 || classified.status() == 405;
      default -> false;
    };
  }

  /** The moves that bring the observed fleet within the limits, nodes in the phases they report. */
  public List<Move> plan(FleetSnapshot fleet) {
    return PlacementPlanner.plan(
        fleet.table(), fleet.planningNodes(), fleet.slotLoads(), fleet.pinnedLoads(), limits);
  }

  /**
   * One step of a rebalance: plans from the fleet as it is and hands off the plan's first batch.
   * {@link MoveProgress#done} when there was nothing left to move.
   */
  public MoveProgress rebalanceStep() {
    FleetSnapshot fleet = observe();
    return handOffFirstBatch(fleet, plan(fleet));
  }

  /**
   * Hands off the first batch of {@code moves} (the moves of one giver to one receiver, at most the
   * batch size), then pushes the new table to the other nodes. On {@link
   * AdminFailure.Kind#OUTCOME_UNKNOWN} it recovers before failing, so the fleet is consistent again
   * whatever happened.
   */
  public MoveProgress handOffFirstBatch(FleetSnapshot fleet, List<Move> moves) {
    if (moves.isEmpty()) {
      return new MoveProgress(fleet.table().epoch(), List.of(), null, 0);
    }
    List<Move> batch = firstBatch(moves);
    Move first = batch.get(0);
    NodeAdminClient giver = client(first.from());
    SlotTable next = fleet.table().apply(batch);
    HandoffRequest request =
        new HandoffRequest(
            batch.stream().map(Move::slot).toList(), first.to(), PlacementDocument.of(next, peers));
    HandoffReport report = handOff(first.from(), request);
    // The giver and the receiver have it in force already; the others follow, and from then on
    // send their requests for the moved guilds straight to the receiver.
    push(fleet.table(), next);
    return new MoveProgress(next.epoch(), batch, report, moves.size() - batch.size());
  }

  /**
   * Asks {@code giver} for a handoff; on {@link AdminFailure.Kind#OUTCOME_UNKNOWN} recovers before
   * failing, so that the fleet is consistent again whatever happened.
   */
  private HandoffReport handOff(String giver, HandoffRequest request) {
    try {
      return client(giver).handOff(request).join();
    } catch (CompletionException failed) {
      AdminFailure classified = AdminFailure.of(giver, failed);
      if (classified.kind() == AdminFailure.Kind.OUTCOME_UNKNOWN) {
        try {
          recover();
        } catch (AdminFailure notRecovered) {
          classified.addSuppressed(notRecovered);
        }
      }
      throw classified;
    }
  }

  /**
   * Pins a guild to node {@code to} by an override, or, with a null {@code to}, lifts its pin (it
   * goes back to its slot's owner): its owner hands it alone to the new one, as a slot batch is
   * handed, then the table is pushed to the others. Nothing happens when the table has that pin
   * already. An owner that is no longer in the fleet has nothing to hand: the new owner loads the
   * guild from the database, as in a failover.
   */
  public GuildMove moveGuild(long guildId, String to) {
    if (to != null && !nodes.containsKey(to)) {
      throw new AdminFailure(
          to, AdminFailure.Kind.REFUSED, 404, -1, "no node " + to + " in the fleet");
    }
    FleetSnapshot fleet = observe();
    SlotTable table = fleet.table();
    String from = table.ownerOf(guildId);
    if (Objects.equals(table.overrides().get(guildId), to)) {
      return new GuildMove(guildId, from, from, table.epoch(), null);
    }
    SlotTable next = table.withOverride(guildId, to);
    String owner = next.ownerOf(guildId);
    HandoffReport report = null;
    if (!owner.equals(from) && nodes.containsKey(from)) {
      report =
          handOff(
              from,
              HandoffRequest.ofGuilds(List.of(guildId), owner, PlacementDocument.of(next, peers)));
    }
    push(table, next);
    return new GuildMove(guildId, from, owner, next.epoch(), report);
  }

  /** The moves of the first giver-receiver pair, in plan order, cut to the batch size. */
  List<Move> firstBatch(List<Move> moves) {
    return firstBatch(moves, maxSlotsPerBatch);
  }

  private static List<Move> firstBatch(List<Move> moves, int maxSlotsPerBatch) {
    Move first = moves.get(0);
    List<Move> batch = new ArrayList<>();
    for (Move move : moves) {
      if (move.from().equals(first.from()) && move.to().equals(first.to())) {
        batch.add(move);
        if (batch.size() == maxSlotsPerBatch) {
          break;
        }
      }
    }
    return batch;
  }

  /**
   * The batches {@code moves} are handed off in, one after another, as {@link #handOffFirstBatch}
   * takes them: how many handoffs a plan costs.
   */
  public static List<List<Move>> batches(List<Move> moves, int maxSlotsPerBatch) {
    List<List<Move>> batches = new ArrayList<>();
    List<Move> left = new ArrayList<>(moves);
    while (!left.isEmpty()) {
      List<Move> batch = firstBatch(left, maxSlotsPerBatch);
      batches.add(batch);
      left.removeAll(batch);
    }
    return batches;
  }

  // ---- drain

  /**
   * Starts draining {@code node}: it turns unready at once (no new sessions), and the drain's next
   * steps hand its slots to the others before its sessions are asked to move.
   */
  public DrainProgress startDrain(String node, DrainRequest request) {
    DrainStatus status = join(node, client(node).startDrain(request.withReconnect(false)));
    Instant now = clock.instant();
    return new DrainProgress(
        node, DrainProgress.Step.MOVING_SLOTS, request, status, null, now, now);
  }

  /**
   * A drain recorded elsewhere (an operator's status: the node, the step, the request, when it
   * started), with the node's own drain status read now: what {@link #stepDrain} carries on from in
   * a coordinator that did not start it.
   */
  public DrainProgress resumeDrain(
      String node, DrainProgress.Step step, DrainRequest request, Instant startedAt) {
    DrainStatus status = join(node, client(node).drainStatus());
    return new DrainProgress(node, step, request, status, null, startedAt, clock.instant());
  }

  /**
   * Takes a drain one step further: hands off the next batch of the node's slots; once it has none,
   * asks its sessions to reconnect (the node paces them in waves); then reads how far they are.
   */
  public DrainProgress stepDrain(DrainProgress progress) {
    String node = progress.node();
    Instant now = clock.instant();
    switch (progress.step()) {
      case MOVING_SLOTS -> {
        FleetSnapshot fleet = observe();
        List<Move> away = new ArrayList<>();
        for (Move move : plan(fleet)) {
          if (move.from().equals(node)) {
            away.add(move);
          }
        }
        if (!away.isEmpty()) {
          MoveProgress moved = handOffFirstBatch(fleet, away);
          return progress.next(progress.step(), progress.status(), moved, now);
        }
        // A guild pinned to the node cannot stay: its pin is lifted, and it follows its slot to
        // the node that has it now. One guild per step, as a slot batch is.
        List<Long> pinned = fleet.table().pinnedTo(node);
        if (!pinned.isEmpty()) {
          moveGuild(pinned.get(0), null);
          return progress.next(progress.step(), progress.status(), progress.lastMove(), now);
        }
        DrainStatus status =
            join(node, client(node).startDrain(progress.request().withReconnect(true)));
        return progress.next(DrainProgress.Step.RECONNECTING, status, progress.lastMove(), now);
      }
      case RECONNECTING -> {
        DrainStatus status = join(node, client(node).drainStatus());
        return progress.next(
            status.drained() ? DrainProgress.Step.DRAINED : DrainProgress.Step.RECONNECTING,
            status,
            progress.lastMove(),
            now);
      }
      default -> {
        return progress;
      }
    }
  }

  /** Ends a drain: the node is ready again, keeps the slots and sessions it still has. */
  public DrainProgress cancelDrain(DrainProgress progress) {
    DrainStatus status = endDrain(progress.node());
    return progress.next(
        DrainProgress.Step.CANCELLED, status, progress.lastMove(), clock.instant());
  }

  /**
   * Ends the node's drain, wherever it stands: it goes back to the phase it had before (active, or
   * cordoned) and keeps what it still has.
   */
  public DrainStatus endDrain(String node) {
    return join(node, client(node).cancelDrain());
  }

  // ---- cordon

  /** The node keeps its slots and sessions and takes nothing new. */
  public NodeState cordon(String node) {
    return join(node, client(node).cordon());
  }

  public NodeState uncordon(String node) {
    return join(node, client(node).uncordon());
  }

  // ---- failover

  /**
   * A node died without draining: its slots go at once to the nodes that answer, in one new epoch
   * pushed to all of them. There is nothing to hand off: the new owners load the guilds' committed
   * state from the database, and the dead node, should it come back, is fenced off by the newer
   * epoch. Returns the table now in force.
   *
   * <p>Observes the fleet first, so the dead node's slots are planned without their loads (it no
   * longer reports them): prefer {@link #failOver(String, FleetSnapshot)} with the last observation
   * in which it still answered.
   */
  public SlotTable failOver(String deadNode) {
    return failOver(deadNode, observe());
  }

  /**
   * As {@link #failOver(String)}, planned on {@code lastSeen}: an observation of the fleet taken
   * while the dead node still answered, so that its slots are spread by the load they carried, and
   * nothing is read on the way (a controller that watched the node fail its health checks has that
   * observation already). Its table must still be the one in force: a push over a table that has
   * moved on is refused by every node as {@link AdminFailure.Kind#STALE_EPOCH}, and then the caller
   * observes again and fails over on that.
   */
  public SlotTable failOver(String deadNode, FleetSnapshot lastSeen) {
    List<PlacementNode> live = new ArrayList<>();
    for (PlacementNode candidate : lastSeen.planningNodes()) {
      if (!candidate.id().equals(deadNode)) {
        live.add(candidate);
      }
    }
    List<Move> orphaned = new ArrayList<>();
    for (Move move :
        PlacementPlanner.plan(
            lastSeen.table(),
            live,
            lastSeen.slotLoads(),
            lastSeen.pinnedLoads(),
            PlanLimits.DEFAULT)) {
      if (move.from().equals(deadNode)) {
        orphaned.add(move);
      }
    }
    // Its pinned guilds follow their slots: their pins are lifted in the same epoch.
    Map<Long, String> unpinned = new HashMap<>();
    lastSeen.table().pinnedTo(deadNode).forEach(guild -> unpinned.put(guild, null));
    SlotTable next = lastSeen.table().apply(orphaned, unpinned);
    Coordinator survivors = without(deadNode);
    survivors.push(lastSeen.table(), next);
    return next;
  }

  /** The coordinator of the fleet without {@code node} (it left, or died). */
  public Coordinator without(String node) {
    Map<String, NodeAdminClient> rest = new LinkedHashMap<>(nodes);
    rest.remove(node);
    Coordinator survivors = new Coordinator(rest, peers, maxSlotsPerBatch, limits, clock);
    survivors.knownPlacement = knownPlacement;
    return survivors;
  }

  // ---- measurements

  /** Each node's write pauses since the last call. */
  public Map<String, WritePauses> writePauses() {
    Map<String, WritePauses> pauses = new LinkedHashMap<>();
    nodes.forEach((id, node) -> pauses.put(id, join(id, node.takeWritePauses())));
    return pauses;
  }

  private NodeAdminClient client(String node) {
    NodeAdminClient client = nodes.get(node);
    if (client == null) {
      throw new AdminFailure(node, AdminFailure.Kind.REFUSED, 0, -1, "not a node of this fleet");
    }
    return client;
  }

  private static <T> T join(String node, CompletableFuture<T> answer) {
    try {
      return answer.join();
    } catch (CompletionException failed) {
      throw AdminFailure.of(node, failed);
    }
  }
}
