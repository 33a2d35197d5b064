package io.rtfleet.coordinator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rtfleet.api.placement.Move;
import io.rtfleet.api.placement.NodePhase;
import io.rtfleet.api.placement.PlacementNode;
import io.rtfleet.api.placement.PlacementPlanner;
import io.rtfleet.api.placement.PlanLimits;
import io.rtfleet.api.placement.SlotTable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Moves slots between the nodes of a fleet through their admin API, the way the controller will:
 * for each batch of slots going from one node to another, the giving node hands their guilds over
 * with the next placement epoch (its writes wait while the receiver takes the guilds and puts the
 * placement in force, then go to the receiver), and the coordinator pushes that placement to every
 * other node.
 *
 * <p>Each step ends with the fleet in a consistent placement: a coordinator that stops between
 * batches leaves a fleet that works. One that stops inside a batch leaves the giver and the
 * receiver on the next epoch and the other nodes on the one before (their requests for the moved
 * guilds reach the receiver through the giver), or, when the handoff itself failed half-way, the
 * giver's writes waiting: a coordinator that starts again first calls {@link #recover}, then plans
 * again from the table it returns. Nothing else needs keeping: the nodes hold the placement, and an
 * operation (drain node X, rebalance) run again carries on from where the fleet is.
 */
public final class Coordinator {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a move took: the batches done, their handoff answers, the final epoch and time. */
  public record MoveReport(int moves, int batches, long finalEpoch, double seconds) {}

  private final Map<String, NodeAdmin> nodes;
  private final Map<String, String> peers;
  private final int maxSlotsPerBatch;

  /**
   * @param nodes the admin API of each live node, by node id
   * @param peers the peer address of every node (host:port), carried in each placement
   * @param maxSlotsPerBatch slots handed over in one handoff: a bigger batch pauses more guilds at
   *     once for longer
   */
  public Coordinator(
      Map<String, NodeAdmin> nodes, Map<String, String> peers, int maxSlotsPerBatch) {
    if (maxSlotsPerBatch < 1) {
      throw new IllegalArgumentException("max slots per batch must be positive");
    }
    this.nodes = new LinkedHashMap<>(nodes);
    this.peers = Map.copyOf(peers);
    this.maxSlotsPerBatch = maxSlotsPerBatch;
  }

  /** The newest table any live node has. */
  public SlotTable currentTable() throws IOException, InterruptedException {
    SlotTable newest = null;
    for (NodeAdmin node : nodes.values()) {
      try {
        SlotTable table = PlacementDocument.readTable(node.get("/admin/placement"));
        if (newest == null || table.epoch() > newest.epoch()) {
          newest = table;
        }
      } catch (NodeAdmin.AdminException none) {
        if (none.status() != 404) {
          throw none;
        }
      }
    }
    if (newest == null) {
      throw new IOException("no node has a placement yet");
    }
    return newest;
  }

  /**
   * Makes the fleet consistent again after a coordinator stopped mid-way: puts the newest table any
   * node has, at the next epoch, on every live node. A handoff whose table reached the receiver but
   * not the giver is thereby finished; one whose table reached nobody is given up (the giver serves
   * its guilds again and the receiver drops what it adopted). Either way the giver's waiting writes
   * go on. Returns the table now in force.
   */
  public SlotTable recover() throws IOException, InterruptedException {
    SlotTable next = currentTable().apply(List.of());
    push(next);
    return next;
  }

  /**
   * Pushes {@code table} to every live node at once (a node that gets the table before another it
   * names as owner is safe: what it sends on carries the new epoch, and the other waits for that
   * epoch).
   */
  public void push(SlotTable table) throws IOException, InterruptedException {
    ObjectNode document = PlacementDocument.write(table, peers);
    List<CompletableFuture<JsonNode>> answers = new ArrayList<>();
    for (NodeAdmin node : nodes.values()) {
      answers.add(node.putAsync("/admin/placement", document));
    }
    for (CompletableFuture<JsonNode> answer : answers) {
      try {
        answer.get();
      } catch (ExecutionException failed) {
        throw failed.getCause() instanceof IOException io
            ? io
            : new IOException("placement push failed", failed.getCause());
      }
    }
  }

  /**
   * Carries out {@code moves} from {@code table}, batch by batch; {@code progress} hears of each
   * batch's handoff answer. Returns what it did.
   */
  public MoveReport move(SlotTable table, List<Move> moves, Consumer<JsonNode> progress)
      throws IOException, InterruptedException {
    long started = System.nanoTime();
    SlotTable current = table;
    int batches = 0;
    for (List<Move> batch : batches(moves)) {
      Move first = batch.get(0);
      NodeAdmin giver = nodes.get(first.from());
      if (giver == null) {
        throw new IOException("node " + first.from() + " is not reachable to hand off slots");
      }
      SlotTable next = current.apply(batch);
      ObjectNode request = JSON.createObjectNode();
      batch.forEach(move -> request.withArray("slots").add(move.slot()));
      request.put("to", first.to());
      request.set("placement", PlacementDocument.write(next, peers));
      JsonNode handed;
      try {
        handed = giver.post("/admin/handoff", request);
      } catch (IOException failed) {
        // The receiver may have the next table, or not: the newest any node has settles it.
        try {
          recover();
        } catch (IOException notRecovered) {
          failed.addSuppressed(notRecovered);
        }
        throw failed;
      }
      current = next;
      // The giver and the receiver have it in force already; the others follow, and send their
      // requests for the moved guilds straight to the receiver from then on.
      long pushing = System.nanoTime();
      push(current);
      if (handed instanceof ObjectNode answer) {
        answer.put("epochPushedMillis", (System.nanoTime() - pushing) / 1e6);
      }
      progress.accept(handed);
      batches++;
    }
    return new MoveReport(
        moves.size(), batches, current.epoch(), (System.nanoTime() - started) / 1e9);
  }

  /** Moves grouped by giver and receiver, in order of first appearance, cut to the batch size. */
  private List<List<Move>> batches(List<Move> moves) {
    Map<String, List<Move>> byPair = new LinkedHashMap<>();
    for (Move move : moves) {
      byPair
          .computeIfAbsent(move.from() + "\u0000" + move.to(), pair -> new ArrayList<>())
          .add(move);
    }
    List<List<Move>> batches = new ArrayList<>();
    for (List<Move> pair : byPair.values()) {
      for (int start = 0; start < pair.size(); start += maxSlotsPerBatch) {
        batches.add(pair.subList(start, Math.min(pair.size(), start + maxSlotsPerBatch)));
      }
    }
    return batches;
  }

  /**
   * Drains a node: moves all its slots to the active nodes ({@code nodes}, the drained one among
   * them), then has it ask its sessions to reconnect elsewhere, in waves, and waits until it has no
   * session left. The sessions' new nodes pull their state from it, so clients resume without
   * missing an event.
   */
  public MoveReport drain(
      String nodeId,
      SlotTable table,
      List<PlacementNode> nodes,
      double[] slotLoads,
      int waveSize,
      long waveIntervalMillis,
      long timeoutSeconds,
      Consumer<JsonNode> progress)
      throws IOException, InterruptedException {
    long started = System.nanoTime();
    NodeAdmin draining = admin(nodeId);
    List<PlacementNode> phases = new ArrayList<>();
    for (PlacementNode node : nodes) {
      phases.add(
          node.id().equals(nodeId)
              ? new PlacementNode(node.id(), node.capacity(), NodePhase.DRAINING)
              : node);
    }
    List<Move> moves = PlacementPlanner.plan(table, phases, slotLoads, PlanLimits.DEFAULT);
    MoveReport moved = move(table, moves, progress);
    ObjectNode request = JSON.createObjectNode();
    request.put("waveSize", waveSize);
    request.put("waveIntervalMillis", waveIntervalMillis);
    draining.post("/admin/drain", request);
    long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
    while (true) {
      JsonNode state = draining.get("/admin/drain");
      progress.accept(state);
      if (state.path("phase").asText().equals("DRAINED") && state.path("sessions").asInt() == 0) {
        break;
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(
            nodeId + " still has sessions after " + timeoutSeconds + " s: " + state);
      }
      Thread.sleep(100);
    }
    return new MoveReport(
        moves.size(), moved.batches(), moved.finalEpoch(), (System.nanoTime() - started) / 1e9);
  }

  /**
   * Waits until a node stops answering its health check (polled every {@code pollMillis}), for at
   * most {@code timeoutSeconds}; returns whether it did.
   */
  public boolean awaitDeath(String nodeId, long pollMillis, long timeoutSeconds)
      throws IOException, InterruptedException {
    NodeAdmin node = admin(nodeId);
    long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      try {
        node.get("/healthz");
      } catch (IOException unreachable) {
        return true;
      }
      Thread.sleep(pollMillis);
    }
    return false;
  }

  /**
   * A node died without draining: its slots go at once to the live nodes ({@code liveNodes}, the
   * dead one not among them), in one new epoch pushed to every live node. There is nothing to hand
   * over: the new owners load the guilds' committed state from the database, and the dead node,
   * should it come back, is fenced off by the newer epoch. Returns the coordinator of the nodes
   * left.
   */
  public Coordinator evict(
      String deadNode, SlotTable table, List<PlacementNode> liveNodes, double[] slotLoads)
      throws IOException, InterruptedException {
    List<Move> orphaned = new ArrayList<>();
    for (Move move : PlacementPlanner.plan(table, liveNodes, slotLoads, PlanLimits.DEFAULT)) {
      if (move.from().equals(deadNode)) {
        orphaned.add(move);
      }
    }
    Map<String, NodeAdmin> alive = new LinkedHashMap<>(nodes);
    alive.remove(deadNode);
    Coordinator survivors = new Coordinator(alive, peers, maxSlotsPerBatch);
    survivors.push(table.apply(orphaned));
    return survivors;
  }

  private NodeAdmin admin(String nodeId) throws IOException {
    NodeAdmin node = nodes.get(nodeId);
    if (node == null) {
      throw new IOException("node " + nodeId + " is not reachable");
    }
    return node;
  }

  /**
   * Each live node's write pauses since the last call (count, p50Ms, p90Ms, p99Ms, maxMs), by node.
   */
  public Map<String, JsonNode> writePauses() throws IOException, InterruptedException {
    Map<String, JsonNode> pauses = new LinkedHashMap<>();
    for (NodeAdmin node : nodes.values()) {
      pauses.put(node.nodeId(), node.get("/admin/handoff/pauses"));
    }
    return pauses;
  }
}
