package io.rtfleet.node.admin;

import io.rtfleet.api.admin.AdminPaths;
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
import io.rtfleet.api.admin.WritePauses;
import io.rtfleet.api.placement.SlotTable;
import io.rtfleet.api.protocol.Slots;
import io.rtfleet.api.snowflake.Snowflake;
import io.rtfleet.node.config.NodeConfig;
import io.rtfleet.node.discord.ApiError;
import io.rtfleet.node.discord.ApiException;
import io.rtfleet.node.fleet.Fleet;
import io.rtfleet.node.fleet.Placement;
import io.rtfleet.node.handoff.Handoffs;
import io.rtfleet.node.handoff.Ownership;
import io.rtfleet.node.lanes.Directory;
import io.rtfleet.node.lanes.GuildLanes;
import io.rtfleet.node.lanes.WriteGates;
import io.rtfleet.node.lifecycle.Drainer;
import io.rtfleet.node.lifecycle.NodeLifecycle;
import io.rtfleet.node.session.Session;
import io.rtfleet.node.session.SessionRegistry;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;

/**
 * The node admin API's operations, typed as the contract in {@code io.rtfleet.api.admin} has them:
 * the node's state, its lifecycle (cordon, drain), its placement and handoffs. HTTP, credentials
 * and the codec are {@link AdminHandler}'s job.
 */
public final class AdminApi {
  /**
   * A pushed placement older than the one in force, or a change to a placement this node does not
   * have: either way the caller re-reads, and {@link #current} is the epoch here.
   */
  public static final class StaleEpoch extends RuntimeException {
    private final long current;

    StaleEpoch(long offered, long current) {
      this("stale placement epoch " + offered + ": this node has epoch " + current, current);
    }

    private StaleEpoch(String message, long current) {
      super(message, null, false, false);
      this.current = current;
    }

    static StaleEpoch notAtBase(PlacementChange change, long current) {
      return new StaleEpoch(
          "the change is from epoch "
              + change.fromEpoch()
              + " and this node has epoch "
              + current
              + ": send the whole placement",
          current);
    }

    static StaleEpoch otherTableAtEpoch(PlacementChange change) {
      return new StaleEpoch(
          "this node has another table at epoch "
              + change.epoch()
              + ": read the placement again and plan on it",
          change.epoch());
    }

    public long current() {
      return current;
    }
  }

  private final NodeConfig config;
  private final SessionRegistry sessions;
  private final GuildLanes lanes;
  private final Directory directory;
  private final NodeLifecycle lifecycle;
  private final Drainer drainer;
  private final Fleet fleet;
  private final Ownership ownership;
  private final Handoffs handoffs;
  private final WriteGates gates;
  private final IntSupplier staged;

  public AdminApi(
      NodeConfig config,
      SessionRegistry sessions,
      GuildLanes lanes,
      Directory directory,
      NodeLifecycle lifecycle,
      Drainer drainer,
      Fleet fleet,
      Ownership ownership,
      Handoffs handoffs,
      WriteGates gates,
      IntSupplier staged) {
    this.config = config;
    this.sessions = sessions;
    this.lanes = lanes;
    this.directory = directory;
    this.lifecycle = lifecycle;
    this.drainer = drainer;
    this.fleet = fleet;
    this.ownership = ownership;
    this.handoffs = handoffs;
    this.gates = gates;
    this.staged = staged;
  }

  public boolean ready() {
    return lifecycle.ready();
  }

  public CompletableFuture<NodeState> state() {
    int slotCount = fleet.table().map(SlotTable::slotCount).orElse(Slots.DEFAULT_SLOT_COUNT);
    return lanes
        .slotLoads(slotCount)
        .thenApply(
            slots ->
                new NodeState(
                    AdminPaths.VERSION,
                    config.nodeId(),
                    config.gatewayUrl(),
                    lifecycle.phase(),
                    lifecycle.ready(),
                    fleet.epoch(),
                    new NodeState.Sessions(
                        sessions.size(),
                        sessions.all().stream().filter(Session::isAttached).count()),
                    directory.userCount(),
                    slots.stream().mapToInt(NodeState.SlotLoad::guilds).sum(),
                    slots,
                    staged.getAsInt()));
  }

  // ---- lifecycle

  public DrainStatus drain(DrainRequest request) {
    return drainer.start(request == null ? new DrainRequest(null, null, null, null) : request);
  }

  public DrainStatus drainStatus() {
    return drainer.status();
  }

  public DrainStatus cancelDrain() {
    return drainer.cancel();
  }

  public CompletableFuture<NodeState> cordon() {
    lifecycle.cordon();
    return state();
  }

  public CompletableFuture<NodeState> uncordon() {
    lifecycle.uncordon();
    return state();
  }

  /** Sends op 7 to one session, or to all of them. */
  public ReconnectAnswer reconnect(ReconnectRequest request) {
    if (request != null && request.sessionId() != null) {
      Session session = sessions.get(request.sessionId());
      if (session == null) {
        throw new ApiException(ApiError.NOT_FOUND);
      }
      session.executor().execute(session::requestReconnect);
      return new ReconnectAnswer(1);
    }
    int requested = 0;
    for (Session session : sessions.all()) {
      session.executor().execute(session::requestReconnect);
      requested++;
    }
    return new ReconnectAnswer(requested);
  }

  // ---- placement

  /** The placement this node follows; empty for a fleet node that has none yet. */
  public Optional<PlacementDocument> placement() {
    return fleet.table().map(table -> new Placement(table, fleet.peerAddresses()).document());
  }

  /**
   * Takes a new placement from the controller. Only a newer epoch, or the table in force itself, is
   * accepted: a stale one (a controller that lost leadership, a delayed message) fails with {@link
   * StaleEpoch}, which names the epoch this node has.
   */
  public CompletableFuture<PlacementAccepted> pushPlacement(PlacementDocument document) {
    Placement offered = Placement.of(required(document, "placement"));
    return ownership
        .apply(offered)
        .thenApply(
            refused -> {
              if (refused.isPresent()) {
                throw new StaleEpoch(refused.get().offeredEpoch(), refused.get().currentEpoch());
              }
              return new PlacementAccepted(offered.table().epoch());
            });
  }

  /**
   * Takes the next placement as the changes to the one in force, which must be at the change's
   * {@code fromEpoch}; a node that already has what the change makes (the giver and the receiver of
   * the handoff that made it) has nothing to do, and one that has its epoch with other owners
   * refuses it as stale.
   */
  public CompletableFuture<PlacementAccepted> changePlacement(PlacementChange change) {
    required(change, "body");
    Optional<PlacementDocument> current = placement();
    long here = current.map(PlacementDocument::epoch).orElse(-1L);
    if (current.isPresent() && change.isIn(current.get())) {
      return CompletableFuture.completedFuture(new PlacementAccepted(here));
    }
    if (here == change.epoch()) {
      throw StaleEpoch.otherTableAtEpoch(change);
    }
    if (here != change.fromEpoch()) {
      throw here > change.epoch()
          ? new StaleEpoch(change.epoch(), here)
          : StaleEpoch.notAtBase(change, here);
    }
    return pushPlacement(change.applyTo(current.get()));
  }

  /**
   * Hands guilds to another node with the next placement, in which they are the receiver's: those
   * of some slots, or single guilds (a guild pinned to the receiver, or unpinned back to its slot).
   * Completes once the receiver has the guilds and both nodes have the placement in force; the
   * coordinator then pushes it to the other nodes.
   */
  public CompletableFuture<HandoffReport> handOff(HandoffRequest request) {
    required(request, "body");
    if (request.slots().isEmpty() == request.guilds().isEmpty()) {
      throw ApiException.invalidField(
          "slots", "either slots (slot numbers) or guilds (guild ids) is required, not both");
    }
    String to = request.to();
    if (to == null || to.isBlank() || to.equals(config.nodeId())) {
      throw ApiException.invalidField("to", "the id of another node of the fleet is required");
    }
    if (fleet.isStandalone()) {
      throw new ApiException(ApiError.NOT_FOUND);
    }
    Placement next = Placement.of(required(request.placement(), "placement"));
    if (!request.guilds().isEmpty()) {
      return handoffs.handOffGuilds(guildsGiven(request.guilds(), to, next), to, next);
    }
    Set<Integer> chosen = new TreeSet<>();
    for (Integer slot : request.slots()) {
      if (slot == null || slot < 0) {
        throw ApiException.invalidField("slots", "slot numbers are non-negative integers");
      }
      chosen.add(slot);
    }
    for (int slot : chosen) {
      if (slot >= next.table().slotCount() || !to.equals(next.table().ownerOfSlot(slot))) {
        throw ApiException.invalidField(
            "placement", "slot " + slot + " is not given to " + to + " in the placement");
      }
    }
    return handoffs.handOff(chosen, to, next);
  }

  /** The guilds of a handoff by guild: each owned here now, and the receiver's in {@code next}. */
  private Set<Long> guildsGiven(List<String> guilds, String to, Placement next) {
    Set<Long> chosen = new TreeSet<>();
    for (String guild : guilds) {
      long guildId = guild == null ? -1 : Snowflake.parse(guild);
      if (guildId <= 0) {
        throw ApiException.invalidField("guilds", "guild ids are snowflakes, not " + guild);
      }
      if (!fleet.owns(guildId)) {
        throw ApiException.invalidField("guilds", "guild " + guild + " is not owned by this node");
      }
      if (!to.equals(next.table().ownerOf(guildId))) {
        throw ApiException.invalidField(
            "placement", "guild " + guild + " is not given to " + to + " in the placement");
      }
      chosen.add(guildId);
    }
    return chosen;
  }

  /** Write pauses of handoffs since the last call. */
  public WritePauses writePauses() {
    return gates.takePauses();
  }

  /** Who owns a guild, by the table this node has; empty before the first placement. */
  public Optional<GuildOwner> ownerOf(String guild) {
    long guildId = Snowflake.parse(guild);
    if (guildId < 0) {
      throw new ApiException(ApiError.UNKNOWN_GUILD);
    }
    return fleet
        .table()
        .map(
            table ->
                new GuildOwner(
                    guild,
                    Slots.of(guildId, table.slotCount()),
                    table.ownerOf(guildId),
                    table.epoch(),
                    table.overrides().containsKey(guildId)));
  }

  /**
   * Runs a full collection and reports the heap in use after it: benchmarks measure memory per
   * session as the difference of two such readings.
   */
  public HeapReading collectGarbage() {
    System.gc();
    return new HeapReading(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
  }

  private static <T> T required(T value, String field) {
    if (value == null) {
      throw ApiException.invalidField(field, "This field is required");
    }
    return value;
  }
}
