package io.rtfleet.node;

import io.netty.util.ResourceLeakDetector;
import io.rtfleet.api.admin.DrainRequest;
import io.rtfleet.node.config.NodeConfig;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code realtime-node}: starts one gateway node and serves until interrupted. */
@Command(
    name = "realtime-node",
    mixinStandardHelpOptions = true,
    version = "rtfleet realtime-node 0.1.0",
    subcommands = DatabaseMain.class,
    sortOptions = false,
    description = {
      "Runs one rtfleet gateway node: Discord Gateway v10 clients on --port, the Discord-style"
          + " REST API under /api/v10 on the same port, and the admin API on --admin-port.",
      "",
      "With no --database-url the node starts an embedded PostgreSQL under --data-dir and keeps"
          + " its data there across restarts. Secrets are read from files, generated on first"
          + " start when absent, and never printed."
    },
    footer = {
      "",
      "Example: java -jar realtime-node/target/realtime-node.jar --port 8080 --admin-port 8081"
    })
public final class NodeMain implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--host", description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host = "127.0.0.1";

  @Option(
      names = "--admin-host",
      description =
          "Address the admin API binds; loopback unless the controller must reach it from another"
              + " host (default: ${DEFAULT-VALUE}).")
  String adminHost = "127.0.0.1";

  @Option(
      names = "--port",
      description = "Gateway and REST port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port = 8080;

  @Option(
      names = "--admin-port",
      description = "Admin API port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int adminPort = 8081;

  @Option(
      names = "--public-url",
      description =
          "Gateway URL told to clients, e.g. wss://gateway.example.com (default: ws://HOST:PORT).")
  String publicUrl;

  @Option(
      names = "--node-id",
      description = "This node's name, a DNS label (default: ${DEFAULT-VALUE}).")
  String nodeId = "node-0";

  @Option(
      names = "--incarnation",
      defaultValue = "${env:RTFLEET_INCARNATION}",
      description =
          "Which life of --node-id this process is, such as its pod's uid (env"
              + " RTFLEET_INCARNATION). A phase recorded by another life is not taken over: a new"
              + " pod that takes the name of one drained and deleted starts active, while a node"
              + " restarted in its own pod keeps its phase.")
  String incarnation;

  @Option(
      names = "--data-dir",
      description = "Embedded database and generated secrets (default: ${DEFAULT-VALUE}).")
  Path dataDir = Path.of(".rtfleet", "node");

  @Option(
      names = "--database-url",
      defaultValue = "${env:RTFLEET_DATABASE_URL}",
      description = "JDBC URL of an external PostgreSQL (env RTFLEET_DATABASE_URL).")
  String databaseUrl;

  @Option(
      names = "--database-password-file",
      defaultValue = "${env:RTFLEET_DATABASE_PASSWORD_FILE}",
      description =
          "File with the password of the --database-url's user, so that it stays out of the URL"
              + " (env RTFLEET_DATABASE_PASSWORD_FILE). The embedded database generates its own"
              + " in DATA-DIR/database-password.")
  Path databasePasswordFile;

  @Option(
      names = "--token-secret-file",
      description = "File with the client token signing secret (default: DATA-DIR/token-secret).")
  Path tokenSecretFile;

  @Option(
      names = "--admin-token-file",
      description = "File with the admin API bearer token (default: DATA-DIR/admin-token).")
  Path adminTokenFile;

  @Option(
      names = "--peer-port",
      description =
          "Join a fleet: listen for peer nodes on this port (0 picks a free one) and own only the"
              + " guilds a pushed placement gives this node. Without it the node is standalone and"
              + " owns every guild.")
  Integer peerPort;

  @Option(
      names = "--fleet-secret-file",
      description =
          "File with the secret every node of the fleet shares to authenticate peer links"
              + " (default: DATA-DIR/fleet-secret).")
  Path fleetSecretFile;

  @Option(
      names = "--peer-heartbeat-ms",
      description = "How often an idle peer link says it is alive (default: ${DEFAULT-VALUE}).")
  long peerHeartbeatMs = 1_000;

  @Option(
      names = "--peer-timeout-ms",
      description =
          "A peer link silent this long is closed as lost, and what went through it is"
              + " recovered (default: ${DEFAULT-VALUE}).")
  long peerTimeoutMs = 5_000;

  @Option(
      names = "--forward-timeout-ms",
      description =
          "How long a write sent on to its guild's owner may take; the owner refuses it after"
              + " that, and the client gets 504 when the outcome is unknown (default:"
              + " ${DEFAULT-VALUE}).")
  long forwardTimeoutMs = 10_000;

  @Option(
      names = "--heartbeat-interval-ms",
      description = "Heartbeat interval sent in HELLO (default: ${DEFAULT-VALUE}).")
  long heartbeatIntervalMs = 41_250;

  @Option(
      names = "--resume-window-seconds",
      description = "How long a dropped session stays resumable (default: ${DEFAULT-VALUE}).")
  long resumeWindowSeconds = 120;

  @Option(
      names = "--replay-capacity",
      description = "Dispatches kept per session for RESUME (default: ${DEFAULT-VALUE}).")
  int replayCapacity = 1024;

  @Option(
      names = "--max-concurrency",
      description =
          "Identify buckets per user, as session_start_limit.max_concurrency (default: ${DEFAULT-VALUE}).")
  int maxConcurrency = 1;

  @Option(
      names = "--identify-window-ms",
      description = "Window of the identify limit per bucket (default: ${DEFAULT-VALUE}).")
  long identifyWindowMs = 5_000;

  @Option(
      names = "--fleet-reconnects-per-second",
      description =
          "Identifies and resumes the whole fleet takes per second, shared evenly by the nodes of"
              + " its placement; past its share a node answers op 9 and the client retries 1 to 5 s"
              + " later, so that a failover or a deploy never becomes a reconnect storm. 0: no cap"
              + " (default: ${DEFAULT-VALUE}).")
  int fleetReconnectsPerSecond = 0;

  @Option(
      names = "--client-events-per-minute",
      description = "Gateway events a client may send per 60 s (default: ${DEFAULT-VALUE}).")
  int clientEventsPerMinute = 120;

  @Option(
      names = "--rest-requests-per-second",
      description = "REST requests per user per second (default: ${DEFAULT-VALUE}).")
  int restRequestsPerSecond = 50;

  @Option(
      names = "--max-payload-bytes",
      description =
          "Largest client payload; larger ones close with 4002 (default: ${DEFAULT-VALUE}).")
  int maxPayloadBytes = 4096;

  @Option(
      names = "--max-guilds-per-shard",
      description =
          "Guilds one shard may hold before IDENTIFY closes with 4011 (default: ${DEFAULT-VALUE}).")
  int maxGuildsPerShard = 2500;

  @Option(
      names = "--reconnect-grace-ms",
      description =
          "After op 7, how long a client has to close before the node closes it (default: ${DEFAULT-VALUE}).")
  long reconnectGraceMs = 10_000;

  @Option(
      names = "--exit-when-up",
      description =
          "Stop as soon as the node is up and has printed where it listens: checks that a"
              + " configuration starts, and is how the build records the classes a start loads"
              + " into the node jar's class data sharing archive.")
  boolean exitWhenUp;

  @Option(
      names = "--drain-on-stop-seconds",
      description =
          "On SIGTERM, drain before stopping, for at most this long: turn unready, let the"
              + " operator move this node's slots away, then ask its sessions to reconnect"
              + " elsewhere in waves. Set it below the pod's termination grace period. 0 stops at"
              + " once, as a node killed would (default: ${DEFAULT-VALUE}).")
  long drainOnStopSeconds = 0;

  @Option(
      names = "--drain-wave-size",
      description =
          "Sessions asked to reconnect per wave of the drain this node starts on SIGTERM"
              + " (default: ${DEFAULT-VALUE}).")
  int drainWaveSize = DrainRequest.DEFAULT_WAVE_SIZE;

  @Option(
      names = "--drain-wave-interval-ms",
      description = "Between two waves of that drain (default: ${DEFAULT-VALUE}).")
  long drainWaveIntervalMs = DrainRequest.DEFAULT_WAVE_INTERVAL_MILLIS;

  @Option(
      names = "--drain-readiness-delay-ms",
      description =
          "Between turning unready and that drain's first wave, so that load balancers stop"
              + " sending clients here first (default: ${DEFAULT-VALUE}).")
  long drainReadinessDelayMs = DrainRequest.DEFAULT_READINESS_DELAY_MILLIS;

  @Option(names = "--event-loops", description = "Network threads (default: the number of cores).")
  int eventLoops = Runtime.getRuntime().availableProcessors();

  @Option(
      names = "--flush-delay-ms",
      description =
          "Wait this long to send dispatches to a socket together, trading latency for fewer"
              + " system calls; 0 sends after the tasks already queued (default: ${DEFAULT-VALUE}).")
  long flushDelayMs = 0;

  @Option(
      names = "--send-buffer-bytes",
      description =
          "Per-connection send buffer; a slower reader is closed with 4000 (default: ${DEFAULT-VALUE}).")
  int sendBufferBytes = 1 << 20;

  public static void main(String[] args) {
    // Leak sampling records a stack trace for one buffer in 128, a cost on every connection
    // (visible in profiles of the identify storm); -Dio.netty.leakDetection.level turns it back on.
    if (System.getProperty("io.netty.leakDetection.level") == null) {
      ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    }
    System.exit(commandLine().execute(args));
  }

  /**
   * The command with its failure mapping: bad settings are a usage error (exit 2) with the message,
   * other start failures (a port in use, an unreachable database) exit 1 with theirs; neither
   * prints a stack trace.
   */
  static CommandLine commandLine() {
    return new CommandLine(new NodeMain())
        .setExecutionExceptionHandler(
            (failure, commandLine, parseResult) -> {
              commandLine.getErr().println("realtime-node: " + describe(failure));
              return failure instanceof IllegalArgumentException
                  ? CommandLine.ExitCode.USAGE
                  : CommandLine.ExitCode.SOFTWARE;
            });
  }

  private static String describe(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
  }

  @Override
  public Integer call() throws Exception {
    if (drainOnStopSeconds < 0) {
      throw new IllegalArgumentException("--drain-on-stop-seconds must not be negative");
    }
    DrainRequest stopDrain;
    try {
      stopDrain =
          new DrainRequest(drainWaveSize, drainWaveIntervalMs, drainReadinessDelayMs, false)
              .checked();
    } catch (IllegalArgumentException wrong) {
      throw new IllegalArgumentException(
          "--drain-wave-size must be positive, --drain-wave-interval-ms and"
              + " --drain-readiness-delay-ms not negative",
          wrong);
    }
    Path secretFile = tokenSecretFile != null ? tokenSecretFile : dataDir.resolve("token-secret");
    Path adminFile = adminTokenFile != null ? adminTokenFile : dataDir.resolve("admin-token");
    NodeConfig.Builder builder = NodeConfig.builder();
    if (peerPort != null) {
      Path fleetFile = fleetSecretFile != null ? fleetSecretFile : dataDir.resolve("fleet-secret");
      builder
          .peerPort(peerPort)
          .fleetSecret(NodeSecrets.readOrCreate(fleetFile).getBytes(StandardCharsets.UTF_8));
    }
    NodeConfig config =
        builder
            .host(host)
            .adminHost(adminHost)
            .port(port)
            .adminPort(adminPort)
            .publicUrl(publicUrl)
            .nodeId(nodeId)
            .incarnation(incarnation)
            .dataDirectory(dataDir)
            .databaseUrl(databaseUrl)
            .databasePassword(
                databasePasswordFile == null ? null : NodeSecrets.read(databasePasswordFile))
            .tokenSecret(NodeSecrets.readOrCreate(secretFile).getBytes(StandardCharsets.UTF_8))
            .adminToken(NodeSecrets.readOrCreate(adminFile))
            .heartbeatInterval(Duration.ofMillis(heartbeatIntervalMs))
            .resumeWindow(Duration.ofSeconds(resumeWindowSeconds))
            .replayCapacity(replayCapacity)
            .maxConcurrency(maxConcurrency)
            .identifyWindow(Duration.ofMillis(identifyWindowMs))
            .fleetReconnectsPerSecond(fleetReconnectsPerSecond)
            .clientEventsPerWindow(clientEventsPerMinute)
            .restRequestsPerSecond(restRequestsPerSecond)
            .sendBufferBytes(sendBufferBytes)
            .maxPayloadBytes(maxPayloadBytes)
            .maxGuildsPerShard(maxGuildsPerShard)
            .reconnectGrace(Duration.ofMillis(reconnectGraceMs))
            .eventLoops(eventLoops)
            .flushDelay(Duration.ofMillis(flushDelayMs))
            .peerHeartbeatInterval(Duration.ofMillis(peerHeartbeatMs))
            .peerTimeout(Duration.ofMillis(peerTimeoutMs))
            .forwardTimeout(Duration.ofMillis(forwardTimeoutMs))
            .build();
    RealtimeNode node = RealtimeNode.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    if (drainOnStopSeconds > 0) {
                      node.drainBeforeStop(Duration.ofSeconds(drainOnStopSeconds), stopDrain);
                    }
                    node.close();
                  } catch (Exception e) {
                    System.err.println("shutdown: " + e);
                  }
                  stopped.countDown();
                }));
    printBanner(node, adminFile);
    // How long a start took is what every new pod of a rollout pays: worth a line in its log.
    LoggerFactory.getLogger(NodeMain.class)
        .info("up {} ms after the JVM started", ManagementFactory.getRuntimeMXBean().getUptime());
    if (exitWhenUp) {
      // main exits the JVM with this, and the shutdown hook closes the node.
      return 0;
    }
    stopped.await();
    return 0;
  }

  private void printBanner(RealtimeNode node, Path adminFile) {
    PrintWriter out = spec.commandLine().getOut();
    String admin = "http://" + adminHost + ":" + node.adminPort();
    out.printf("rtfleet realtime-node %s is up%n", node.config().nodeId());
    // Where this node listens; clients may be told another address (--public-url).
    out.printf("  gateway   ws://%s:%d/?v=10&encoding=json%n", host, node.port());
    if (publicUrl != null) {
      out.printf("  public    %s  (given to clients as the gateway and resume URL)%n", publicUrl);
    }
    out.printf("  REST      http://%s:%d/api/v10%n", host, node.port());
    out.printf("  admin     %s  (bearer token in %s)%n", admin, adminFile);
    out.printf("  database  %s%n", node.databaseDescription());
    if (node.peerPort() >= 0) {
      out.printf(
          "  peers     %s:%d  (fleet node: owns guilds once a placement is pushed)%n",
          host, node.peerPort());
    }
    out.printf("Get a client token:%n");
    out.printf(
        "  curl -s -X POST -H \"Authorization: Bearer $(cat %s)\" -d '{\"username\":\"alice\"}' %s/admin/tokens%n",
        adminFile, admin);
    out.flush();
  }
}
