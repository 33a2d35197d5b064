package io.rtfleet.node.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rtfleet.api.placement.SlotTable;
import io.rtfleet.api.snowflake.SnowflakeGenerator;
import io.rtfleet.node.NodeConfig;
import io.rtfleet.node.auth.TokenClaims;
import io.rtfleet.node.auth.TokenCodec;
import io.rtfleet.node.fleet.Fleet;
import io.rtfleet.node.fleet.IndexBroadcaster;
import io.rtfleet.node.fleet.Placement;
import io.rtfleet.node.guild.ApiError;
import io.rtfleet.node.guild.ApiException;
import io.rtfleet.node.guild.Directory;
import io.rtfleet.node.guild.DiscordJson;
import io.rtfleet.node.guild.GuildLanes;
import io.rtfleet.node.guild.Handoffs;
import io.rtfleet.node.guild.Ownership;
import io.rtfleet.node.guild.User;
import io.rtfleet.node.guild.WriteGates;
import io.rtfleet.node.http.JsonBodies;
import io.rtfleet.node.rest.RestResponse;
import io.rtfleet.node.session.Session;
import io.rtfleet.node.session.SessionRegistry;
import io.rtfleet.node.store.GroupCommitter;
import io.rtfleet.node.store.GuildWrites;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;

/**
 * The node admin API's operations (state, drain, reconnect, dev tokens). Authentication and HTTP
 * are {@link AdminHandler}'s job.
 */
public final class AdminApi {
  private static final long DEFAULT_TOKEN_TTL_SECONDS = 30L * 24 * 3600;

  private final NodeConfig config;
  private final SessionRegistry sessions;
  private final GuildLanes lanes;
  private final Directory directory;
  private final Drainer drainer;
  private final TokenCodec tokens;
  private final GroupCommitter committer;
  private final SnowflakeGenerator ids;
  private final Clock clock;
  private final Fleet fleet;
  private final Ownership ownership;
  private final IndexBroadcaster broadcast;
  private final Handoffs handoffs;
  private final WriteGates gates;

  public AdminApi(
      NodeConfig config,
      SessionRegistry sessions,
      GuildLanes lanes,
      Directory directory,
      Drainer drainer,
      TokenCodec tokens,
      GroupCommitter committer,
      SnowflakeGenerator ids,
      Clock clock,
      Fleet fleet,
      Ownership ownership,
      IndexBroadcaster broadcast,
      Handoffs handoffs,
      WriteGates gates) {
    this.config = config;
    this.sessions = sessions;
    this.lanes = lanes;
    this.directory = directory;
    this.drainer = drainer;
    this.tokens = tokens;
    this.committer = committer;
    this.ids = ids;
    this.clock = clock;
    this.fleet = fleet;
    this.ownership = ownership;
    this.broadcast = broadcast;
    this.handoffs = handoffs;
    this.gates = gates;
  }

  /**
   * Hands the guilds of some slots to another node ({@code {"slots": [12, 40], "to": "node-1",
   * "placement": {...}}}, the placement being the next table, in which those slots are the
   * receiver's, as {@code PUT /admin/placement} takes it). Answers once the receiver has the guilds
   * and both nodes have the placement in force; the coordinator then pushes it to the other nodes.
   */
  public CompletableFuture<RestResponse> handOff(byte[] body) {
    JsonNode request = JsonBodies.object(body);
    JsonNode slots = request.path("slots");
    if (!slots.isArray() || slots.isEmpty()) {
      throw ApiException.invalidField("slots", "a non-empty array of slot numbers is required");
    }
    java.util.Set<Integer> chosen = new java.util.TreeSet<>();
    for (JsonNode slot : slots) {
      if (!slot.canConvertToInt() || slot.asInt() < 0) {
        throw ApiException.invalidField("slots", "slot numbers are non-negative integers");
      }
      chosen.add(slot.asInt());
    }
    String to = request.path("to").asText("");
    if (to.isBlank() || to.equals(config.nodeId())) {
      throw ApiException.invalidField("to", "the id of another node of the fleet is required");
    }
    if (fleet.isStandalone()) {
      throw new ApiException(ApiError.NOT_FOUND);
    }
    JsonNode placement = request.path("placement");
    if (!placement.isObject()) {
      throw ApiException.invalidField(
          "placement", "the placement that gives the slots to " + to + " is required");
    }
    SlotTable next = PlacementJson.read(placement);
    for (int slot : chosen) {
      if (slot >= next.slotCount() || !to.equals(next.ownerOfSlot(slot))) {
        throw ApiException.invalidField(
            "placement", "slot " + slot + " is not given to " + to + " in the placement");
      }
    }
    return handoffs
        .handOff(chosen, to, new Placement(next, PlacementJson.readPeers(placement)))
        .thenApply(RestResponse::ok);
  }

  /** Write pauses of handoffs since the last call: count and percentiles in milliseconds. */
  public RestResponse writePauses() {
    return RestResponse.ok(gates.takePauses());
  }

  public boolean ready() {
    return drainer.ready();
  }

  public CompletableFuture<RestResponse> state() {
    return lanes
        .guildLoads()
        .thenApply(
            loads -> {
              ObjectNode json = DiscordJson.MAPPER.createObjectNode();
              json.put("nodeId", config.nodeId());
              json.put("gatewayUrl", config.gatewayUrl());
              json.set("drain", drainer.progress());
              ObjectNode counts = json.putObject("sessions");
              counts.put("total", sessions.size());
              counts.put("attached", sessions.all().stream().filter(Session::isAttached).count());
              json.put("users", directory.userCount());
              ArrayNode guilds = json.putArray("guilds");
              loads.forEach(guilds::add);
              return RestResponse.ok(json);
            });
  }

  public RestResponse drain(byte[] body) {
    JsonNode request = JsonBodies.object(body);
    drainer.start(
        request.path("waveSize").asInt(500), request.path("waveIntervalMillis").asLong(1000));
    return new RestResponse(202, drainer.progress(), java.util.Map.of());
  }

  public RestResponse drainProgress() {
    return RestResponse.ok(drainer.progress());
  }

  /** Sends op 7 to one session ({@code sessionId}) or to all of them. */
  public RestResponse reconnect(byte[] body) {
    JsonNode request = JsonBodies.object(body);
    int requested = 0;
    if (request.path("sessionId").isTextual()) {
      Session session = sessions.get(request.get("sessionId").asText());
      if (session == null) {
        throw new ApiException(ApiError.NOT_FOUND);
      }
      session.executor().execute(session::requestReconnect);
      requested = 1;
    } else {
      for (Session session : sessions.all()) {
        session.executor().execute(session::requestReconnect);
        requested++;
      }
    }
    return RestResponse.ok(DiscordJson.MAPPER.createObjectNode().put("requested", requested));
  }

  /** The placement table this node follows; 404 for a fleet node that has none yet. */
  public RestResponse placement() {
    return fleet
        .table()
        .map(table -> RestResponse.ok(PlacementJson.write(table, fleet.peerAddresses())))
        .orElseGet(() -> noPlacement());
  }

  private static RestResponse noPlacement() {
    ObjectNode json = DiscordJson.MAPPER.createObjectNode();
    json.put("code", 0);
    json.put("message", "no placement pushed yet: this fleet node owns no guild");
    return new RestResponse(404, json, java.util.Map.of());
  }

  /**
   * Takes a new placement table from the controller. Only a newer epoch, or the table in force
   * itself, is accepted: a stale one (a controller that lost leadership, a delayed message) is
   * refused with 409 and the epoch the node has.
   */
  public CompletableFuture<RestResponse> pushPlacement(byte[] body) {
    JsonNode json = JsonBodies.object(body);
    SlotTable offered = PlacementJson.read(json);
    return ownership
        .apply(new Placement(offered, PlacementJson.readPeers(json)))
        .thenApply(
            refused -> {
              if (refused.isEmpty()) {
                return RestResponse.ok(
                    DiscordJson.MAPPER.createObjectNode().put("epoch", offered.epoch()));
              }
              ObjectNode refusal = DiscordJson.MAPPER.createObjectNode();
              refusal.put("code", 0);
              refusal.put(
                  "message",
                  "stale placement epoch "
                      + refused.get().offeredEpoch()
                      + ": this node has epoch "
                      + refused.get().currentEpoch());
              refusal.put("epoch", refused.get().currentEpoch());
              return new RestResponse(409, refusal, java.util.Map.of());
            });
  }

  /** Who owns a guild, by the table this node has. */
  public RestResponse ownerOf(String guild) {
    long guildId = io.rtfleet.api.snowflake.Snowflake.parse(guild);
    if (guildId < 0) {
      throw new ApiException(ApiError.UNKNOWN_GUILD);
    }
    SlotTable table = fleet.table().orElse(null);
    if (table == null) {
      return noPlacement();
    }
    ObjectNode json = DiscordJson.MAPPER.createObjectNode();
    json.put("guildId", guild);
    json.put("slot", io.rtfleet.api.protocol.Slots.of(guildId, table.slotCount()));
    json.put("owner", table.ownerOf(guildId));
    json.put("epoch", table.epoch());
    return RestResponse.ok(json);
  }

  /**
   * Runs a full collection and reports the heap in use after it: benchmarks measure memory per
   * session as the difference of two such readings.
   */
  public RestResponse collectGarbage() {
    System.gc();
    long used =
        java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    return RestResponse.ok(DiscordJson.MAPPER.createObjectNode().put("heapUsedBytes", used));
  }

  /**
   * Creates (or renames) a user and mints it a token. The user is committed before the token is
   * returned, so the token works at once.
   */
  public CompletableFuture<RestResponse> mintToken(byte[] body) {
    JsonNode request = JsonBodies.object(body);
    String username = request.path("username").asText("");
    if (!username.matches("[\\p{L}\\p{N}_.-]{2,32}")) {
      throw ApiException.invalidField("username", "2 to 32 letters, digits, '_', '.' or '-'");
    }
    long ttl = request.path("ttlSeconds").asLong(DEFAULT_TOKEN_TTL_SECONDS);
    if (ttl < 1) {
      throw ApiException.invalidField("ttlSeconds", "must be positive");
    }
    long userId =
        request.path("userId").isTextual()
            ? Long.parseLong(request.get("userId").asText())
            : ids.next();
    User user =
        new User(
            userId,
            username,
            request.path("bot").asBoolean(false),
            request.path("privilegedIntents").asBoolean(true));
    return committer
        .submit(GuildWrites.upsertUser(user))
        .thenCompose(
            committed ->
                broadcast.user(user.id(), user.username(), user.bot(), user.privilegedIntents()))
        .thenApply(
            committed -> {
              directory.putUser(user);
              String token =
                  tokens.mint(
                      new TokenClaims(
                          user.id(), user.bot(), clock.instant().getEpochSecond() + ttl));
              ObjectNode json = DiscordJson.MAPPER.createObjectNode();
              json.put("token", token);
              json.set("user", DiscordJson.user(user));
              return RestResponse.created(json);
            });
  }
}
