package io.rtfleet.coordinator;

import io.rtfleet.api.admin.DrainRequest;
import io.rtfleet.api.admin.DrainStatus;
import io.rtfleet.api.admin.GuildOwner;
import io.rtfleet.api.admin.HandoffReport;
import io.rtfleet.api.admin.HandoffRequest;
import io.rtfleet.api.admin.HeapReading;
import io.rtfleet.api.admin.NodeState;
import io.rtfleet.api.admin.PlacementAccepted;
import io.rtfleet.api.admin.PlacementDocument;
import io.rtfleet.api.admin.ReconnectAnswer;
import io.rtfleet.api.admin.ReconnectRequest;
import io.rtfleet.api.admin.TokenGrant;
import io.rtfleet.api.admin.TokenRequest;
import io.rtfleet.api.admin.WritePauses;
import io.rtfleet.api.placement.NodePhase;
import io.rtfleet.api.placement.SlotTable;
import io.rtfleet.api.protocol.Slots;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A fleet of in-memory nodes that answer the admin API as real ones do (placement fencing by epoch,
 * handoffs that move a table to the receiver and the giver, drains that end once the sessions have
 * left), record every call, and fail on demand in each of the ways a real node fails. Slot loads
 * are the members of each slot's guilds, set by the test.
 */
final class FakeFleet {
  /** How the next handoff of a giver goes wrong. */
  enum HandoffFault {
    NONE,
    /** The receiver took the placement, but its answer was lost: the giver answers 503. */
    RECEIVER_TOOK_IT_SILENTLY,
    /** The receiver died before taking it: the giver answers 503. */
    RECEIVER_NEVER_TOOK_IT
  }

  final Map<String, Node> nodes = new LinkedHashMap<>();
  final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  final double[] members;

  FakeFleet(int nodeCount, int slotCount) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < nodeCount; i++) {
      ids.add("node-" + i);
    }
    members = new double[slotCount];
    SlotTable initial = SlotTable.initial(slotCount, ids);
    for (String id : ids) {
      nodes.put(id, new Node(id, initial));
    }
  }

  Node node(String id) {
    return nodes.get(id);
  }

  /** Adds an empty active node with no placement yet, as a scale-up does. */
  Node add(String id) {
    Node added = new Node(id, null);
    nodes.put(id, added);
    return added;
  }

  Map<String, NodeAdminClient> clients() {
    return new LinkedHashMap<>(nodes);
  }

  Map<String, String> peers() {
    Map<String, String> peers = new LinkedHashMap<>();
    nodes.keySet().forEach(id -> peers.put(id, id + ":7000"));
    return peers;
  }

  /** A node as the admin API shows it. Synchronized: tests may drive it from several threads. */
  final class Node implements NodeAdminClient {
    final String id;
    SlotTable table;
    NodePhase phase = NodePhase.ACTIVE;
    NodePhase beforeDrain;
    boolean alive = true;
    boolean reconnecting;
    int sessions;
    int waveSize = Integer.MAX_VALUE;
    HandoffFault nextHandoff = HandoffFault.NONE;

    Node(String id, SlotTable table) {
      this.id = id;
      this.table = table;
    }

    @Override
    public String nodeId() {
      return id;
    }

    private <T> CompletableFuture<T> answer(String call, java.util.function.Supplier<T> work) {
      calls.add(id + " " + call);
      synchronized (this) {
        if (!alive) {
          return CompletableFuture.failedFuture(AdminFailure.unreachable(id, "connection refused"));
        }
        try {
          return CompletableFuture.completedFuture(work.get());
        } catch (AdminFailure failed) {
          return CompletableFuture.failedFuture(failed);
        }
      }
    }

    @Override
    public CompletableFuture<Boolean> alive() {
      return CompletableFuture.completedFuture(alive);
    }

    @Override
    public CompletableFuture<NodeState> state() {
      return answer("state", this::currentState);
    }

    private NodeState currentState() {
      List<NodeState.SlotLoad> loads = new ArrayList<>();
      if (table != null) {
        for (int slot = 0; slot < table.slotCount(); slot++) {
          if (id.equals(table.ownerOfSlot(slot))) {
            loads.add(new NodeState.SlotLoad(slot, 1, (long) members[slot], 0, 0));
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
      return answer(
          "placement", () -> Optional.ofNullable(table).map(t -> PlacementDocument.of(t, peers())));
    }

    @Override
    public CompletableFuture<PlacementAccepted> pushPlacement(PlacementDocument placement) {
      return answer("push " + placement.epoch(), () -> take(placement.table()));
    }

    private PlacementAccepted take(SlotTable offered) {
      if (table != null && !table.equals(offered) && !table.acceptsSuccessor(offered)) {
        throw new AdminFailure(
            id,
            AdminFailure.Kind.STALE_EPOCH,
            409,
            table.epoch(),
            "stale epoch " + offered.epoch());
      }
      table = offered;
      return new PlacementAccepted(offered.epoch());
    }

    @Override
    public CompletableFuture<GuildOwner> ownerOf(String guildId) {
      return answer(
          "owner",
          () -> {
            long guild = Long.parseLong(guildId);
            return new GuildOwner(
                guildId, Slots.of(guild, table.slotCount()), table.ownerOf(guild), table.epoch());
          });
    }

    @Override
    public CompletableFuture<HandoffReport> handOff(HandoffRequest request) {
      return answer(
          "handoff " + request.slots().size() + " to " + request.to(),
          () -> {
            SlotTable next = request.placement().table();
            for (int slot : request.slots()) {
              if (!id.equals(table.ownerOfSlot(slot))) {
                throw new AdminFailure(
                    id, AdminFailure.Kind.REFUSED, 400, -1, "slot " + slot + " is not mine");
              }
            }
            Node receiver = nodes.get(request.to());
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
          });
    }

    @Override
    public CompletableFuture<WritePauses> takeWritePauses() {
      return answer("pauses", () -> new WritePauses(0, 0, 0, 0, 0));
    }

    @Override
    public CompletableFuture<DrainStatus> startDrain(DrainRequest request) {
      return answer(
          "drain reconnect=" + request.reconnectOrDefault(),
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
      return answer("drain status", this::drain);
    }

    @Override
    public CompletableFuture<DrainStatus> cancelDrain() {
      return answer(
          "cancel drain",
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
          () -> {
            if (phase == NodePhase.CORDONED) {
              phase = NodePhase.ACTIVE;
            }
            return currentState();
          });
    }

    @Override
    public CompletableFuture<ReconnectAnswer> reconnect(ReconnectRequest request) {
      return answer("reconnect", () -> new ReconnectAnswer(sessions));
    }

    @Override
    public CompletableFuture<TokenGrant> mintToken(TokenRequest request) {
      return answer(
          "token", () -> new TokenGrant("t", new TokenGrant.User("1", request.username(), false)));
    }

    @Override
    public CompletableFuture<HeapReading> collectGarbage() {
      return answer("gc", () -> new HeapReading(0));
    }
  }
}
