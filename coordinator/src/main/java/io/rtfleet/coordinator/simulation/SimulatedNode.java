package io.rtfleet.coordinator.simulation;

import io.rtfleet.api.admin.AdminCodec;
import io.rtfleet.api.admin.DrainRequest;
import io.rtfleet.api.admin.DrainStatus;
import io.rtfleet.api.admin.GuildOwner;
import io.rtfleet.api.admin.HandoffReport;
import io.rtfleet.api.admin.HandoffRequest;
import io.rtfleet.api.admin.HeapReading;
import io.rtfleet.api.admin.NodeState;
import io.rtfleet.api.admin.PlacementAccepted;
import io.rtfleet.api.admin.PlacementChange;
import io.rtfleet.api.admin.PlacementDocument;
import io.rtfleet.api.admin.ReconnectAnswer;
import io.rtfleet.api.admin.ReconnectRequest;
import io.rtfleet.api.admin.TokenGrant;
import io.rtfleet.api.admin.TokenRequest;
import io.rtfleet.api.admin.WritePauses;
import io.rtfleet.api.placement.Move;
import io.rtfleet.api.placement.NodePhase;
import io.rtfleet.api.placement.SlotTable;
import io.rtfleet.api.protocol.Slots;
import io.rtfleet.coordinator.AdminFailure;
import io.rtfleet.coordinator.NodeAdminClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** One node of a {@link SimulatedFleet}. Synchronized: tests may drive it from several threads. */
public final class SimulatedNode implements NodeAdminClient {
  /** How the node's next handoff goes wrong. */
  public enum HandoffFault {
    NONE,
    /** The receiver took the placement, but its answer was lost: the giver answers 503. */
    RECEIVER_TOOK_IT_SILENTLY,
    /** The receiver died before taking it: the giver answers 503. */
    RECEIVER_NEVER_TOOK_IT
  }

  private final SimulatedFleet fleet;
  private final String id;
  private SlotTable table;
  private NodePhase phase = NodePhase.ACTIVE;
  private NodePhase beforeDrain;
  private boolean alive = true;
  private boolean reconnecting;
  private int sessions;
  private int waveSize = Integer.MAX_VALUE;
  private HandoffFault nextHandoff = HandoffFault.NONE;

  SimulatedNode(SimulatedFleet fleet, String id, SlotTable table) {
    this.fleet = fleet;
    this.id = id;
    this.table = table;
  }

  // ---- what a test or a simulation sets and reads

  public synchronized SlotTable table() {
    return table;
  }

  /** Puts {@code newer} in force here alone, as a push from another coordinator would. */
  public synchronized void table(SlotTable newer) {
    table = newer;
  }

  public synchronized NodePhase phase() {
    return phase;
  }

  public synchronized boolean isAlive() {
    return alive;
  }

  /** The node dies (calls fail as unreachable) or comes back with the state it had. */
  public synchronized void alive(boolean now) {
    alive = now;
  }

  public synchronized void sessions(int count) {
    sessions = count;
  }

  public synchronized int sessions() {
    return sessions;
  }

  /** How many sessions leave between two drain readings once they are asked to. */
  public synchronized void waveSize(int sessionsPerReading) {
    waveSize = sessionsPerReading;
  }

  public synchronized void failNextHandoff(HandoffFault fault) {
    nextHandoff = fault;
  }

  // ---- the admin API

  @Override
  public String nodeId() {
    return id;
  }

  /**
   * Answers one call: the request and the answer cross the codec as bytes, as over HTTP. The
   * caller's side (encoding the request, decoding the answer) is the caller's cost; what a real
   * node would do (decoding the request, the work, encoding the answer) is counted apart, in {@link
   * SimulatedFleet#nodeWork}.
   */
  private <T> CompletableFuture<T> answer(
      String call, Object request, Class<T> answerType, Supplier<T> work) {
    fleet.record(id + " " + call);
    synchronized (this) {
      if (!alive) {
        return CompletableFuture.failedFuture(AdminFailure.unreachable(id, "connection refused"));
      }
      byte[] sent = request == null ? null : AdminCodec.write(request);
      byte[] answer;
      long started = System.nanoTime();
      long allocated = SimulatedFleet.allocatedHere();
      try {
        if (sent != null) {
          AdminCodec.read(sent, request.getClass());
        }
        answer = AdminCodec.write(work.get());
      } catch (AdminFailure failed) {
        return CompletableFuture.failedFuture(failed);
      } finally {
        fleet.nodeWork(System.nanoTime() - started, SimulatedFleet.allocatedHere() - allocated);
      }
      fleet.sent((sent == null ? 0 : sent.length) + answer.length);
      return CompletableFuture.completedFuture(AdminCodec.read(answer, answerType));
    }
  }

  @Override
  public CompletableFuture<Boolean> alive() {
    return CompletableFuture.completedFuture(isAlive());
  }

  @Override
  public CompletableFuture<NodeState> state() {
    return answer("state", null, NodeState.class, this::currentState);
  }

  private NodeState currentState() {
    List<NodeState.SlotLoad> loads = new ArrayList<>();
    if (table != null) {
      for (int slot = 0; slot < table.slotCount(); slot++) {
        if (id.equals(table.ownerOfSlot(slot))) {
          loads.add(new NodeState.SlotLoad(slot, 1, (long) fleet.membersOf(slot), 0, 0));
        }
      }
    }
    return new NodeState(
        1,
        id,
        "ws://" + id,
        phase,
        phase == NodePhase.ACTIVE,
        table == null ? -1 : table.epoch(),
        new NodeState.Sessions(sessions, sessions),
        0,
        loads.size(),
        loads,
        0);
  }

  @Override
  public CompletableFuture<Optional<PlacementDocument>> placement() {
    if (table == null) {
      fleet.record(id + " placement");
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return answer("placement", null, PlacementDocument.class, () -> fleet.placementOf(table))
        .thenApply(Optional::of);
  }

  @Override
  public CompletableFuture<PlacementAccepted> pushPlacement(PlacementDocument placement) {
    return answer(
        "push " + placement.epoch(),
        placement,
        PlacementAccepted.class,
        () -> take(placement.table()));
  }

  @Override
  public CompletableFuture<PlacementAccepted> changePlacement(PlacementChange change) {
    return answer(
        "change " + change.fromEpoch() + " to " + change.epoch(),
        change,
        PlacementAccepted.class,
        () -> {
          long here = table == null ? -1 : table.epoch();
          if (table != null && change.isIn(fleet.placementOf(table))) {
            return new PlacementAccepted(here);
          }
          if (here != change.fromEpoch()) {
            throw new AdminFailure(
                id, AdminFailure.Kind.STALE_EPOCH, 409, here, "not at epoch " + change.fromEpoch());
          }
          if (change.overrides().isEmpty() && change.epoch() == here + 1) {
            List<Move> moves = new ArrayList<>();
            change
                .slots()
                .forEach(
                    (slot, owner) -> {
                      int index = Integer.parseInt(slot);
                      moves.add(new Move(index, table.ownerOfSlot(index), owner));
                    });
            return take(table.apply(moves));
          }
          return take(change.applyTo(fleet.placementOf(table)).table());
        });
  }

  private PlacementAccepted take(SlotTable offered) {
    if (table != null && !table.equals(offered) && !table.acceptsSuccessor(offered)) {
      throw new AdminFailure(
          id, AdminFailure.Kind.STALE_EPOCH, 409, table.epoch(), "stale epoch " + offered.epoch());
    }
    table = offered;
    return new PlacementAccepted(offered.epoch());
  }

  @Override
  public CompletableFuture<GuildOwner> ownerOf(String guildId) {
    return answer(
        "owner",
        null,
        GuildOwner.class,
        () -> {
          long guild = Long.parseLong(guildId);
          return new GuildOwner(
              guildId,
              Slots.of(guild, table.slotCount()),
              table.ownerOf(guild),
              table.epoch(),
              table.overrides().containsKey(guild));
        });
  }

  @Override
  public CompletableFuture<HandoffReport> handOff(HandoffRequest request) {
    return answer(
        request.guilds().isEmpty()
            ? "handoff " + request.slots().size() + " to " + request.to()
            : "handoff guilds " + request.guilds() + " to " + request.to(),
        request,
        HandoffReport.class,
        () -> handOffNow(request));
  }

  private HandoffReport handOffNow(HandoffRequest request) {
    SlotTable next = request.placement().table();
    for (int slot : request.slots()) {
      if (!id.equals(table.ownerOfSlot(slot))) {
        throw new AdminFailure(
            id, AdminFailure.Kind.REFUSED, 400, -1, "slot " + slot + " is not mine");
      }
    }
    for (String guild : request.guilds()) {
      if (!id.equals(table.ownerOf(Long.parseLong(guild)))) {
        throw new AdminFailure(
            id, AdminFailure.Kind.REFUSED, 400, -1, "guild " + guild + " is not mine");
      }
    }
    SimulatedNode receiver = fleet.node(request.to());
    if (receiver == null) {
      throw new AdminFailure(id, AdminFailure.Kind.REFUSED, 404, -1, "no such node");
    }
    HandoffFault fault = nextHandoff;
    nextHandoff = HandoffFault.NONE;
    if (fault != HandoffFault.RECEIVER_NEVER_TOOK_IT) {
      synchronized (receiver) {
        receiver.take(next);
      }
    }
    if (fault != HandoffFault.NONE) {
      throw new AdminFailure(
          id, AdminFailure.Kind.OUTCOME_UNKNOWN, 503, -1, request.to() + " did not answer");
    }
    take(next);
    return new HandoffReport(
        request.to(), request.slots().size(), 0, next.epoch(), 1, 0, 0, 0, 0, 0);
  }

  @Override
  public CompletableFuture<WritePauses> takeWritePauses() {
    return answer("pauses", null, WritePauses.class, () -> new WritePauses(0, 0, 0, 0, 0));
  }

  @Override
  public CompletableFuture<DrainStatus> startDrain(DrainRequest request) {
    return answer(
        "drain reconnect=" + request.reconnectOrDefault(),
        request,
        DrainStatus.class,
        () -> {
          if (phase != NodePhase.DRAINING && phase != NodePhase.DRAINED) {
            beforeDrain = phase;
            phase = NodePhase.DRAINING;
          }
          reconnecting |= request.reconnectOrDefault();
          return drain();
        });
  }

  /** Each reading after the sessions were asked to go, a wave of them has gone. */
  private DrainStatus drain() {
    if (reconnecting && phase == NodePhase.DRAINING) {
      sessions = Math.max(0, sessions - waveSize);
      if (sessions == 0) {
        phase = NodePhase.DRAINED;
      }
    }
    return new DrainStatus(phase, sessions, 0, sessions, sessions);
  }

  @Override
  public CompletableFuture<DrainStatus> drainStatus() {
    return answer("drain status", null, DrainStatus.class, this::drain);
  }

  @Override
  public CompletableFuture<DrainStatus> cancelDrain() {
    return answer(
        "cancel drain",
        null,
        DrainStatus.class,
        () -> {
          if (phase == NodePhase.DRAINING || phase == NodePhase.DRAINED) {
            phase = beforeDrain == null ? NodePhase.ACTIVE : beforeDrain;
          }
          reconnecting = false;
          return new DrainStatus(phase, sessions, 0, sessions, sessions);
        });
  }

  @Override
  public CompletableFuture<NodeState> cordon() {
    return answer(
        "cordon",
        null,
        NodeState.class,
        () -> {
          if (phase == NodePhase.ACTIVE) {
            phase = NodePhase.CORDONED;
          }
          return currentState();
        });
  }

  @Override
  public CompletableFuture<NodeState> uncordon() {
    return answer(
        "uncordon",
        null,
        NodeState.class,
        () -> {
          if (phase == NodePhase.CORDONED) {
            phase = NodePhase.ACTIVE;
          }
          return currentState();
        });
  }

  @Override
  public CompletableFuture<ReconnectAnswer> reconnect(ReconnectRequest request) {
    return answer("reconnect", request, ReconnectAnswer.class, () -> new ReconnectAnswer(sessions));
  }

  @Override
  public CompletableFuture<TokenGrant> mintToken(TokenRequest request) {
    return answer(
        "token",
        request,
        TokenGrant.class,
        () -> new TokenGrant("t", new TokenGrant.User("1", request.username(), false)));
  }

  @Override
  public CompletableFuture<HeapReading> collectGarbage() {
    return answer("gc", null, HeapReading.class, () -> new HeapReading(0));
  }

  /** A simulated node counts no sessions' comings and goings: its metrics are empty. */
  @Override
  public CompletableFuture<String> metrics() {
    return answer("metrics", null, String.class, () -> "");
  }
}
