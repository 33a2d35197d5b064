package io.rtfleet.node.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a node is told at start, immutable and validated when built. Defaults suit one node on
 * a laptop; every protocol limit defaults to Discord's.
 */
public record NodeConfig(
    String host,
    int port,
    int adminPort,
    String publicUrl,
    String databaseUrl,
    Path dataDirectory,
    String nodeId,
    String incarnation,
    byte[] tokenSecret,
    String adminToken,
    Duration heartbeatInterval,
    Duration resumeWindow,
    Duration reconnectGrace,
    int replayCapacity,
    int sendBufferBytes,
    int clientEventsPerWindow,
    Duration clientEventWindow,
    int maxPayloadBytes,
    int maxConcurrency,
    int identifiesPerBucket,
    Duration identifyWindow,
    int fleetReconnectsPerSecond,
    int maxGuildsPerShard,
    int restRequestsPerSecond,
    int lanes,
    int commitBatch,
    int eventLoops,
    Duration flushDelay,
    int peerPort,
    byte[] fleetSecret,
    String adminHost,
    String databasePassword,
    Duration peerHeartbeatInterval,
    Duration peerTimeout,
    Duration peerHandshakeTimeout,
    int maxUnauthenticatedPeers,
    Duration forwardTimeout) {

  public static Builder builder() {
    return new Builder();
  }

  /** The gateway URL clients are told to connect to, without a query string. */
  public String gatewayUrl() {
    return publicUrl != null ? publicUrl : "ws://" + host + ":" + port;
  }

  /**
   * Whether the node is part of a fleet: it listens for peers and owns only the guilds a pushed
   * placement gives it. A standalone node owns every guild.
   */
  public boolean inFleet() {
    return peerPort >= 0;
  }

  /** Snowflake worker id: ten bits derived from the node id. */
  public long workerId() {
    return Math.floorMod(nodeId.hashCode(), 1024);
  }

  public Builder newBuilder() {
    Builder builder = new Builder();
    builder.host = host;
    builder.port = port;
    builder.adminPort = adminPort;
    builder.publicUrl = publicUrl;
    builder.databaseUrl = databaseUrl;
    builder.dataDirectory = dataDirectory;
    builder.nodeId = nodeId;
    builder.incarnation = incarnation;
    builder.tokenSecret = tokenSecret;
    builder.adminToken = adminToken;
    builder.heartbeatInterval = heartbeatInterval;
    builder.resumeWindow = resumeWindow;
    builder.reconnectGrace = reconnectGrace;
    builder.replayCapacity = replayCapacity;
    builder.sendBufferBytes = sendBufferBytes;
    builder.clientEventsPerWindow = clientEventsPerWindow;
    builder.clientEventWindow = clientEventWindow;
    builder.maxPayloadBytes = maxPayloadBytes;
    builder.maxConcurrency = maxConcurrency;
    builder.identifiesPerBucket = identifiesPerBucket;
    builder.identifyWindow = identifyWindow;
    builder.fleetReconnectsPerSecond = fleetReconnectsPerSecond;
    builder.maxGuildsPerShard = maxGuildsPerShard;
    builder.restRequestsPerSecond = restRequestsPerSecond;
    builder.lanes = lanes;
    builder.commitBatch = commitBatch;
    builder.eventLoops = eventLoops;
    builder.flushDelay = flushDelay;
    builder.peerPort = peerPort;
    builder.fleetSecret = fleetSecret;
    builder.adminHost = adminHost;
    builder.databasePassword = databasePassword;
    builder.peerHeartbeatInterval = peerHeartbeatInterval;
    builder.peerTimeout = peerTimeout;
    builder.peerHandshakeTimeout = peerHandshakeTimeout;
    builder.maxUnauthenticatedPeers = maxUnauthenticatedPeers;
    builder.forwardTimeout = forwardTimeout;
    return builder;
  }

  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 8080;
    private int adminPort = 8081;
    private String publicUrl;
    private String databaseUrl;
    private Path dataDirectory = Path.of(".rtfleet", "node");
    private String nodeId = "node-0";
    private String incarnation;
    private byte[] tokenSecret;
    private String adminToken;
    private Duration heartbeatInterval = Duration.ofMillis(41_250);
    private Duration resumeWindow = Duration.ofMinutes(2);
    private Duration reconnectGrace = Duration.ofSeconds(10);
    private int replayCapacity = 1024;
    private int sendBufferBytes = 1 << 20;
    private int clientEventsPerWindow = 120;
    private Duration clientEventWindow = Duration.ofSeconds(60);
    private int maxPayloadBytes = 4096;
    private int maxConcurrency = 1;
    private int identifiesPerBucket = 1;
    private Duration identifyWindow = Duration.ofSeconds(5);
    private int fleetReconnectsPerSecond = 0;
    private int maxGuildsPerShard = 2500;
    private int restRequestsPerSecond = 50;
    private int lanes = Runtime.getRuntime().availableProcessors();
    private int commitBatch = 1000;
    private int eventLoops = Runtime.getRuntime().availableProcessors();
    private Duration flushDelay = Duration.ZERO;
    private int peerPort = -1;
    private byte[] fleetSecret;
    private String adminHost = "127.0.0.1";
    private String databasePassword = null;
    private Duration peerHeartbeatInterval = Duration.ofSeconds(1);
    private Duration peerTimeout = Duration.ofSeconds(5);
    private Duration peerHandshakeTimeout = Duration.ofSeconds(5);
    private int maxUnauthenticatedPeers = 16;
    private Duration forwardTimeout = Duration.ofSeconds(10);

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder adminPort(int adminPort) {
      this.adminPort = adminPort;
      return this;
    }

    public Builder publicUrl(String publicUrl) {
      this.publicUrl = publicUrl;
      return this;
    }

    public Builder databaseUrl(String databaseUrl) {
      this.databaseUrl = databaseUrl;
      return this;
    }

    public Builder dataDirectory(Path dataDirectory) {
      this.dataDirectory = dataDirectory;
      return this;
    }

    public Builder nodeId(String nodeId) {
      this.nodeId = nodeId;
      return this;
    }

    /**
     * Which life of the node id this process is (a pod's uid); null when lives are not told apart.
     */
    public Builder incarnation(String incarnation) {
      this.incarnation = incarnation;
      return this;
    }

    public Builder tokenSecret(byte[] tokenSecret) {
      this.tokenSecret = tokenSecret;
      return this;
    }

    public Builder adminToken(String adminToken) {
      this.adminToken = adminToken;
      return this;
    }

    public Builder heartbeatInterval(Duration interval) {
      this.heartbeatInterval = interval;
      return this;
    }

    public Builder resumeWindow(Duration window) {
      this.resumeWindow = window;
      return this;
    }

    public Builder reconnectGrace(Duration grace) {
      this.reconnectGrace = grace;
      return this;
    }

    public Builder replayCapacity(int capacity) {
      this.replayCapacity = capacity;
      return this;
    }

    public Builder sendBufferBytes(int bytes) {
      this.sendBufferBytes = bytes;
      return this;
    }

    public Builder clientEventsPerWindow(int events) {
      this.clientEventsPerWindow = events;
      return this;
    }

    public Builder clientEventWindow(Duration window) {
      this.clientEventWindow = window;
      return this;
    }

    public Builder maxPayloadBytes(int bytes) {
      this.maxPayloadBytes = bytes;
      return this;
    }

    public Builder maxConcurrency(int buckets) {
      this.maxConcurrency = buckets;
      return this;
    }

    public Builder identifiesPerBucket(int identifies) {
      this.identifiesPerBucket = identifies;
      return this;
    }

    public Builder identifyWindow(Duration window) {
      this.identifyWindow = window;
      return this;
    }

    /**
     * Identifies and resumes the whole fleet takes per second, shared evenly by its nodes (0: no
     * cap); one past this node's share is answered op 9, and the client comes back 1 to 5 s later.
     */
    public Builder fleetReconnectsPerSecond(int perSecond) {
      this.fleetReconnectsPerSecond = perSecond;
      return this;
    }

    public Builder maxGuildsPerShard(int guilds) {
      this.maxGuildsPerShard = guilds;
      return this;
    }

    public Builder restRequestsPerSecond(int requests) {
      this.restRequestsPerSecond = requests;
      return this;
    }

    public Builder lanes(int lanes) {
      this.lanes = lanes;
      return this;
    }

    public Builder eventLoops(int eventLoops) {
      this.eventLoops = eventLoops;
      return this;
    }

    public Builder flushDelay(Duration flushDelay) {
      this.flushDelay = flushDelay;
      return this;
    }

    /** The peer port of a fleet node (0 picks a free one); -1, the default, for standalone. */
    public Builder peerPort(int peerPort) {
      this.peerPort = peerPort;
      return this;
    }

    public Builder fleetSecret(byte[] fleetSecret) {
      this.fleetSecret = fleetSecret;
      return this;
    }

    public Builder commitBatch(int writes) {
      this.commitBatch = writes;
      return this;
    }

    /** Address the admin API binds: loopback unless the operator must reach it from elsewhere. */
    public Builder adminHost(String adminHost) {
      this.adminHost = adminHost;
      return this;
    }

    /**
     * Password of the database user, kept out of the JDBC URL (which is printed); null when the URL
     * needs none.
     */
    public Builder databasePassword(String databasePassword) {
      this.databasePassword = databasePassword;
      return this;
    }

    /** How often an idle peer link says it is alive. */
    public Builder peerHeartbeatInterval(Duration peerHeartbeatInterval) {
      this.peerHeartbeatInterval = peerHeartbeatInterval;
      return this;
    }

    /** A peer link silent this long is dead: it is closed and its loss handled. */
    public Builder peerTimeout(Duration peerTimeout) {
      this.peerTimeout = peerTimeout;
      return this;
    }

    /** How long a connection to the peer port may take to prove it holds the fleet secret. */
    public Builder peerHandshakeTimeout(Duration peerHandshakeTimeout) {
      this.peerHandshakeTimeout = peerHandshakeTimeout;
      return this;
    }

    /** Connections to the peer port that have not proved themselves yet, at most. */
    public Builder maxUnauthenticatedPeers(int maxUnauthenticatedPeers) {
      this.maxUnauthenticatedPeers = maxUnauthenticatedPeers;
      return this;
    }

    /**
     * How long a write sent on to its guild's owner may take; the owner refuses it once this has
     * passed.
     */
    public Builder forwardTimeout(Duration forwardTimeout) {
      this.forwardTimeout = forwardTimeout;
      return this;
    }

    /** Validates every setting at once and names each that is wrong. */
    public NodeConfig build() {
      List<String> problems = new ArrayList<>();
      checkPort(problems, "port", port);
      checkPort(problems, "admin port", adminPort);
      if (nodeId == null || !nodeId.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
        problems.add("node id must be a DNS label (lowercase letters, digits, '-'): " + nodeId);
      }
      if (tokenSecret == null || tokenSecret.length < 32) {
        problems.add("token secret must be at least 32 bytes");
      }
      if (adminToken == null || adminToken.length() < 16) {
        problems.add("admin token must be at least 16 characters");
      }
      checkPositive(problems, "heartbeat interval", heartbeatInterval);
      checkPositive(problems, "resume window", resumeWindow);
      checkPositive(problems, "reconnect grace", reconnectGrace);
      checkPositive(problems, "client event window", clientEventWindow);
      checkPositive(problems, "identify window", identifyWindow);
      checkAtLeast(problems, "replay capacity", replayCapacity, 1);
      checkAtLeast(problems, "send buffer bytes", sendBufferBytes, 1024);
      checkAtLeast(problems, "client events per window", clientEventsPerWindow, 1);
      checkAtLeast(problems, "max payload bytes", maxPayloadBytes, 128);
      checkAtLeast(problems, "max concurrency", maxConcurrency, 1);
      checkAtLeast(problems, "identifies per bucket", identifiesPerBucket, 1);
      checkAtLeast(problems, "fleet reconnects per second", fleetReconnectsPerSecond, 0);
      checkAtLeast(problems, "max guilds per shard", maxGuildsPerShard, 1);
      checkAtLeast(problems, "REST requests per second", restRequestsPerSecond, 1);
      checkAtLeast(problems, "lanes", lanes, 1);
      checkAtLeast(problems, "commit batch", commitBatch, 1);
      checkAtLeast(problems, "event loops", eventLoops, 1);
      if (flushDelay == null || flushDelay.isNegative()) {
        problems.add("flush delay must not be negative: " + flushDelay);
      }
      checkPositive(problems, "peer heartbeat interval", peerHeartbeatInterval);
      checkPositive(problems, "peer timeout", peerTimeout);
      checkPositive(problems, "peer handshake timeout", peerHandshakeTimeout);
      checkPositive(problems, "forward timeout", forwardTimeout);
      checkAtLeast(problems, "max unauthenticated peers", maxUnauthenticatedPeers, 1);
      if (peerHeartbeatInterval != null
          && peerTimeout != null
          && peerTimeout.compareTo(peerHeartbeatInterval.multipliedBy(2)) < 0) {
        problems.add(
            "peer timeout must be at least twice the peer heartbeat interval: "
                + peerTimeout
                + " < 2 × "
                + peerHeartbeatInterval);
      }
      if (adminHost == null || adminHost.isBlank()) {
        problems.add("admin host must be an address to bind");
      }
      if (peerPort != -1) {
        checkPort(problems, "peer port", peerPort);
        if (fleetSecret == null || fleetSecret.length < 32) {
          problems.add("a fleet node needs a fleet secret of at least 32 bytes");
        }
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(
            "invalid node configuration: " + String.join("; ", problems));
      }
      return new NodeConfig(
          host,
          port,
          adminPort,
          publicUrl,
          databaseUrl,
          dataDirectory,
          nodeId,
          incarnation,
          tokenSecret.clone(),
          adminToken,
          heartbeatInterval,
          resumeWindow,
          reconnectGrace,
          replayCapacity,
          sendBufferBytes,
          clientEventsPerWindow,
          clientEventWindow,
          maxPayloadBytes,
          maxConcurrency,
          identifiesPerBucket,
          identifyWindow,
          fleetReconnectsPerSecond,
          maxGuildsPerShard,
          restRequestsPerSecond,
          lanes,
          commitBatch,
          eventLoops,
          flushDelay,
          peerPort,
          fleetSecret == null ? null : fleetSecret.clone(),
          adminHost,
          databasePassword,
          peerHeartbeatInterval,
          peerTimeout,
          peerHandshakeTimeout,
          maxUnauthenticatedPeers,
          forwardTimeout);
    }

    private static void checkPort(List<String> problems, String name, int port) {
      if (port < 0 || port > 65_535) {
        problems.add(name + " must be in [0, 65535] (0 picks a free port): " + port);
      }
    }

    private static void checkPositive(List<String> problems, String name, Duration value) {
      if (value == null || value.isZero() || value.isNegative()) {
        problems.add(name + " must be positive: " + value);
      }
    }

    private static void checkAtLeast(List<String> problems, String name, int value, int minimum) {
      if (value < minimum) {
        problems.add(name + " must be at least " + minimum + ": " + value);
      }
    }
  }
}
