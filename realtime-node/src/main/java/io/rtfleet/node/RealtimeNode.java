package io.rtfleet.node;

import io.netty.channel.EventLoopGroup;
import io.rtfleet.api.admin.DrainRequest;
import io.rtfleet.api.admin.DrainStatus;
import io.rtfleet.api.placement.NodePhase;
import io.rtfleet.api.snowflake.SnowflakeGenerator;
import io.rtfleet.node.admin.AdminApi;
import io.rtfleet.node.admin.AdminInitializer;
import io.rtfleet.node.admin.StartingInitializer;
import io.rtfleet.node.admin.TokenMinter;
import io.rtfleet.node.auth.AdminCredentials;
import io.rtfleet.node.auth.TokenCodec;
import io.rtfleet.node.config.NodeConfig;
import io.rtfleet.node.fleet.DirectoryBroadcaster;
import io.rtfleet.node.fleet.Fleet;
import io.rtfleet.node.fleet.PeerClient;
import io.rtfleet.node.fleet.PeerHandshakes;
import io.rtfleet.node.fleet.PeerInitializer;
import io.rtfleet.node.fleet.PeerProof;
import io.rtfleet.node.following.RemoteGuilds;
import io.rtfleet.node.gateway.ConnectionResets;
import io.rtfleet.node.gateway.FlushBatcher;
import io.rtfleet.node.gateway.FrontDoorInitializer;
import io.rtfleet.node.gateway.GatewayServices;
import io.rtfleet.node.gateway.SessionTransfer;
import io.rtfleet.node.handoff.Adoptions;
import io.rtfleet.node.handoff.Handoffs;
import io.rtfleet.node.handoff.Ownership;
import io.rtfleet.node.lanes.Directory;
import io.rtfleet.node.lanes.Guild;
import io.rtfleet.node.lanes.GuildLanes;
import io.rtfleet.node.lanes.LaneExecutor;
import io.rtfleet.node.lanes.WriteGates;
import io.rtfleet.node.lifecycle.Drainer;
import io.rtfleet.node.lifecycle.NodeLifecycle;
import io.rtfleet.node.limit.KeyedLimiter;
import io.rtfleet.node.limit.ReconnectBudget;
import io.rtfleet.node.metrics.NodeMetrics;
import io.rtfleet.node.net.NettyServer;
import io.rtfleet.node.operations.DirectoryResync;
import io.rtfleet.node.operations.GuildEngine;
import io.rtfleet.node.operations.Invites;
import io.rtfleet.node.operations.MessageEngine;
import io.rtfleet.node.rest.RestApi;
import io.rtfleet.node.rest.RestForwarder;
import io.rtfleet.node.session.Session;
import io.rtfleet.node.session.SessionRegistry;
import io.rtfleet.node.store.Database;
import io.rtfleet.node.store.EpochStore;
import io.rtfleet.node.store.GroupCommitter;
import io.rtfleet.node.store.GuildLoader;
import io.rtfleet.node.store.MessageReader;
import io.rtfleet.node.store.PhaseStore;
import io.rtfleet.node.store.SessionDirectory;
import io.rtfleet.node.store.SharedConnection;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway node: wires storage, the guild engine, the gateway and REST port and the admin
 * port, in the order each needs the previous, and closes them in reverse.
 */
public final class RealtimeNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RealtimeNode.class);
  private static final long STOP_DRAIN_POLL_MILLIS = 100;

  /** How long a peer may take to answer a request other than a forwarded write. */
  private static final Duration PEER_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final NodeConfig config;
  private final Database database;
  private final GroupCommitter committer;
  private final ExecutorService readers;
  private final ScheduledExecutorService timer;
  private final AutoCloseable connections;
  private final AutoCloseable sessionLookups;
  private final ExecutorService[] lanes;
  private final EventLoopGroup workers;
  private final EventLoopGroup peerLoop;
  private final EventLoopGroup adminLoop;
  private final NettyServer gateway;
  private final NettyServer admin;
  private final NettyServer peers;
  private final Fleet fleet;
  private final Drainer drainer;
  private final Ownership ownership;

  private RealtimeNode(
      NodeConfig config,
      Database database,
      GroupCommitter committer,
      ExecutorService readers,
      ScheduledExecutorService timer,
      AutoCloseable connections,
      AutoCloseable sessionLookups,
      ExecutorService[] lanes,
      EventLoopGroup workers,
      EventLoopGroup peerLoop,
      EventLoopGroup adminLoop,
      NettyServer gateway,
      NettyServer admin,
      NettyServer peers,
      Fleet fleet,
      Drainer drainer,
      Ownership ownership) {
    this.config = config;
    this.database = database;
    this.committer = committer;
    this.readers = readers;
    this.timer = timer;
    this.connections = connections;
    this.sessionLookups = sessionLookups;
    this.lanes = lanes;
    this.workers = workers;
    this.peerLoop = peerLoop;
    this.adminLoop = adminLoop;
    this.gateway = gateway;
    this.admin = admin;
    this.peers = peers;
    this.fleet = fleet;
    this.drainer = drainer;
    this.ownership = ownership;
  }

  public static RealtimeNode start(NodeConfig requested) throws Exception {
    Clock clock = Clock.systemUTC();
    EventLoopGroup workers = NettyServer.newGroup(requested.eventLoops());
    NettyServer gateway =
        NettyServer.bind(requested.host(), requested.port(), workers, requested.sendBufferBytes());
    // The admin API on a thread of its own too: a placement push while thousands of sessions are
    // being written to is on the path of a handoff's write pause.
    EventLoopGroup adminLoop = NettyServer.newGroup(1);
    NettyServer admin =
        NettyServer.bind(requested.adminHost(), requested.adminPort(), adminLoop, 64 * 1024);
    // Alive while it starts, not ready: a node loading its guilds is told from a stuck one.
    admin.serve(new StartingInitializer());
    // Peer links get a thread of their own: a handoff or a node's event stream must not queue
    // behind the writes of thousands of client sessions.
    EventLoopGroup peerLoop = requested.inFleet() ? NettyServer.newGroup(1) : null;
    NettyServer peers =
        requested.inFleet()
            ? NettyServer.bind(
                requested.host(),
                requested.peerPort(),
                peerLoop,
                requested.sendBufferBytes(),
                (int) requested.peerTimeout().toMillis())
            : null;
    NodeConfig config =
        requested
            .newBuilder()
            .port(gateway.port())
            .adminPort(admin.port())
            .peerPort(peers != null ? peers.port() : -1)
            .build();
    PeerProof proof = config.inFleet() ? new PeerProof(config.fleetSecret()) : null;
    Fleet fleet =
        config.inFleet()
            ? Fleet.member(
                config.nodeId(),
                proof,
                peerLoop,
                new PeerClient.Timing(
                    config.peerHeartbeatInterval(), config.peerTimeout(), PEER_REQUEST_TIMEOUT))
            : Fleet.standalone(config.nodeId());
    Database database =
        config.databaseUrl() != null
            ? Database.external(config.databaseUrl(), config.databasePassword())
            : Database.embedded(
                config.dataDirectory().resolve("postgres"),
                NodeSecrets.readOrCreate(config.dataDirectory().resolve("database-password")));
    NodeMetrics metrics = new NodeMetrics();
    Directory directory = new Directory();
    SessionRegistry sessions = new SessionRegistry();
    GroupCommitter committer =
        new GroupCommitter(
            database.dataSource(), config.commitBatch(), metrics::commitSeconds, System::nanoTime);
    ExecutorService readers = Executors.newFixedThreadPool(2, named("message-reader"));
    ExecutorService[] lanes = new ExecutorService[config.lanes()];
    for (int i = 0; i < lanes.length; i++) {
      lanes[i] = new LaneExecutor(named("guild-lane-" + i));
    }
    SnowflakeGenerator ids = new SnowflakeGenerator(config.workerId(), clock::millis);
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(named("fleet-timer"));
    WriteGates gates = new WriteGates(System::nanoTime, metrics::writePauseSeconds, workers);
    GuildLanes guildLanes =
        new GuildLanes(lanes, directory, committer, metrics, System::nanoTime, gates);
    RemoteGuilds remote = new RemoteGuilds(guildLanes, fleet, timer);
    DirectoryBroadcaster broadcast =
        new DirectoryBroadcaster(fleet, timer, config.peerHeartbeatInterval().toMillis());
    GuildEngine engine =
        new GuildEngine(guildLanes, directory, sessions, ids, clock, fleet, remote, broadcast);
    MessageEngine messages =
        new MessageEngine(
            guildLanes, directory, new MessageReader(database.dataSource(), readers), ids, clock);
    SharedConnection shared = new SharedConnection(database.dataSource());
    // Epochs are claimed on a connection of their own, so that a failover's claim and its read of
    // the dead node's guilds run side by side.
    SharedConnection epochConnection = new SharedConnection(database.dataSource());
    AutoCloseable connections =
        () -> {
          epochConnection.close();
          shared.close();
        };
    GuildLoader loader = new GuildLoader(database.dataSource(), shared, clock);
    GuildLoader.Loaded loaded = loader.loadAll();
    loaded.users().forEach(directory::putUser);
    if (fleet.isStandalone()) {
      guildLanes.adopt(loaded.guilds().stream().map(Guild::from).toList()).join();
    } else {
      // Every fleet node knows who is in which guild; it owns guilds only once placed.
      loaded.guilds().stream().map(Guild::from).forEach(guildLanes::addToDirectory);
    }
    Ownership ownership =
        new Ownership(
            fleet,
            guildLanes,
            engine,
            remote,
            loader,
            new EpochStore(epochConnection),
            gates,
            readers);

    TokenCodec tokens =
        new TokenCodec(config.tokenSecret(), () -> clock.instant().getEpochSecond());
    SecureRandom random = new SecureRandom();
    // Sessions are looked up on a connection and a thread of their own: the resume storm that
    // follows a node's death must not queue the fleet's new placement (its epoch claim, its guild
    // loads) behind a thousand lookups.
    SharedConnection lookupConnection = new SharedConnection(database.dataSource());
    ExecutorService lookupThread = Executors.newSingleThreadExecutor(named("session-lookup"));
    AutoCloseable sessionLookups =
        () -> {
          lookupThread.shutdownNow();
          lookupConnection.close();
        };
    SessionTransfer transfer =
        new SessionTransfer(
            fleet, new SessionDirectory(committer, lookupConnection, lookupThread, clock));
    GatewayServices services =
        new GatewayServices(
            config,
            tokens,
            directory,
            sessions,
            engine,
            metrics,
            new KeyedLimiter(
                config.identifiesPerBucket(), config.identifyWindow().toNanos(), System::nanoTime),
            new ReconnectBudget(
                config.fleetReconnectsPerSecond(),
                () -> fleet.peerAddresses().size(),
                System::nanoTime),
            () -> {
              byte[] id = new byte[16];
              random.nextBytes(id);
              return transfer.newId(HexFormat.of().formatHex(id));
            },
            System::nanoTime,
            new FlushBatcher.PerLoop(config.flushDelay().toNanos()),
            transfer,
            new ConnectionResets(metrics, System::nanoTime));
    RestApi rest =
        new RestApi(
            config,
            tokens,
            directory,
            engine,
            messages,
            new Invites(guildLanes, engine, directory, clock, random),
            new KeyedLimiter(
                config.restRequestsPerSecond(), TimeUnit.SECONDS.toNanos(1), System::nanoTime),
            fleet,
            new RestForwarder(fleet, config.forwardTimeout(), clock),
            gates,
            clock);
    NodeLifecycle lifecycle =
        new NodeLifecycle(
            new PhaseStore(shared, config.nodeId(), config.incarnation()), System::nanoTime);
    gateway.serve(new FrontDoorInitializer(services, rest, lifecycle::ready));
    Adoptions adoptions =
        new Adoptions(
            guildLanes::replace,
            wanted -> {
              try {
                return loader.loadGuilds(wanted).stream().map(Guild::from).toList();
              } catch (java.sql.SQLException failed) {
                throw new IllegalStateException("cannot load handed guilds", failed);
              }
            },
            readers,
            System::nanoTime);
    if (peers != null) {
      FleetPeerService peerService =
          new FleetPeerService(
              rest,
              engine,
              remote,
              adoptions,
              ownership,
              fleet,
              sessions,
              new DirectoryResync(
                  directory,
                  engine,
                  () -> {
                    try {
                      return loader.loadDirectory();
                    } catch (java.sql.SQLException failed) {
                      throw new IllegalStateException("cannot read the directory", failed);
                    }
                  },
                  readers),
              metrics);
      fleet.onPeerMessages(peerService);
      peers.serve(
          new PeerInitializer(
              config.nodeId(),
              proof,
              peerService,
              new PeerHandshakes(config.maxUnauthenticatedPeers(), config.peerHandshakeTimeout()),
              config.peerHeartbeatInterval(),
              config.peerTimeout()));
    }
    Drainer drainer = new Drainer(sessions, lifecycle, workers.next(), System::nanoTime);
    AdminApi adminApi =
        new AdminApi(
            config,
            sessions,
            guildLanes,
            directory,
            lifecycle,
            drainer,
            fleet,
            ownership,
            new Handoffs(fleet, guildLanes, gates, ownership, timer),
            gates,
            adoptions::stagedCount);
    TokenMinter minter = new TokenMinter(tokens, committer, directory, broadcast, ids, clock);
    long restored = ownership.restore().join();
    if (restored >= 0) {
      LOG.info("placement at epoch {} restored from the database", restored);
    }
    admin.serve(
        new AdminInitializer(adminApi, minter, new AdminCredentials(config.adminToken()), metrics));
    metrics.gauge("rtfleet_sessions", "Live sessions, attached or awaiting RESUME", sessions::size);
    metrics.gauge(
        "rtfleet_sessions_attached",
        "Sessions with a connection",
        () -> sessions.all().stream().filter(Session::isAttached).count());
    metrics.gauge(
        "rtfleet_replay_buffer_dispatches",
        "Dispatches held in replay buffers, all sessions",
        () -> sessions.all().stream().mapToInt(Session::replaySize).sum());
    return new RealtimeNode(
        config,
        database,
        committer,
        readers,
        timer,
        connections,
        sessionLookups,
        lanes,
        workers,
        peerLoop,
        adminLoop,
        gateway,
        admin,
        peers,
        fleet,
        drainer,
        ownership);
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread =
          new Thread(runnable, prefix + (count.getAndIncrement() == 0 ? "" : "-" + count.get()));
      thread.setDaemon(true);
      return thread;
    };
  }

  public NodeConfig config() {
    return config;
  }

  public int port() {
    return gateway.port();
  }

  public int adminPort() {
    return admin.port();
  }

  /** The port peers connect to, -1 for a standalone node. */
  public int peerPort() {
    return peers != null ? peers.port() : -1;
  }

  /** The gateway URL clients are given (with the port actually bound). */
  public String gatewayUrl() {
    return config.gatewayUrl();
  }

  public String databaseDescription() {
    return database.description();
  }

  /**
   * Drains this node before it stops (its pod was deleted: SIGTERM): turns unready at once, waits
   * until it holds no slot (the operator moves them away when it sees the pod deleted; a standalone
   * node has none), then asks its sessions to reconnect elsewhere in waves paced by {@code pacing},
   * and returns once none is left, or once {@code budget} is spent. Returns whether it drained.
   *
   * <p>The node never hands off slots itself: only the coordinator writes the placement. An
   * operator that drives the drain asks for the waves too, with the same pacing (it gives the node
   * its fleet's); whichever asks first starts them. A fleet node is drained once no session is
   * left, attached or not (one that dropped earlier may still resume elsewhere and fetch its state
   * from here); a standalone node once none is attached, since there is nowhere else to resume.
   */
  public boolean drainBeforeStop(Duration budget, DrainRequest pacing) throws InterruptedException {
    long deadline = System.nanoTime() + budget.toNanos();
    LOG.info("stopping: draining first, for at most {} s", budget.toSeconds());
    drainer.start(pacing.withReconnect(false));
    long nextCatchUp = System.nanoTime();
    while (System.nanoTime() < deadline) {
      if (holdsSlots() && System.nanoTime() >= nextCatchUp) {
        // The operator moves the slots of a node it sees stopping; it may have moved them already,
        // without telling this node: one that hung, was failed over, and woke up stopping.
        nextCatchUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        catchUp();
      }
      if (!holdsSlots() && drained(drainer.start(pacing.withReconnect(true)))) {
        LOG.info("stopping: drained");
        return true;
      }
      TimeUnit.MILLISECONDS.sleep(STOP_DRAIN_POLL_MILLIS);
    }
    DrainStatus left = drainer.status();
    LOG.warn(
        "stopping undrained after {} s: {}, {} sessions attached",
        budget.toSeconds(),
        holdsSlots() ? "still holding slots" : "no slot left",
        left.attached());
    return false;
  }

  /** Takes the fleet's newest recorded placement if it is newer than the one in force. */
  private void catchUp() {
    try {
      long taken = ownership.catchUp().get(5, TimeUnit.SECONDS);
      if (taken >= 0) {
        LOG.info("stopping: took the fleet's newer placement at epoch {}", taken);
      }
    } catch (ExecutionException | TimeoutException unread) {
      LOG.warn("stopping: cannot read the fleet's newest placement: {}", unread.toString());
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean drained(DrainStatus status) {
    return fleet.isStandalone()
        ? status.phase() == NodePhase.DRAINED && status.attached() == 0
        : status.drained();
  }

  /** A standalone node owns every slot, but there is nobody to hand them to. */
  private boolean holdsSlots() {
    return !fleet.isStandalone()
        && fleet
            .table()
            .map(
                table ->
                    table.slotsOf(fleet.selfId()) > 0
                        || table.overrides().containsValue(fleet.selfId()))
            .orElse(false);
  }

  @Override
  public void close() throws Exception {
    drainer.stop();
    admin.close();
    if (peers != null) {
      peers.close();
    }
    fleet.close();
    gateway.close();
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    adminLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    if (peerLoop != null) {
      peerLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
    for (ExecutorService lane : lanes) {
      lane.shutdown();
    }
    committer.close();
    readers.shutdownNow();
    timer.shutdownNow();
    sessionLookups.close();
    connections.close();
    database.close();
  }
}
