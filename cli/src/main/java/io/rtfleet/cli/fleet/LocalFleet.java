package io.rtfleet.cli.fleet;

import io.rtfleet.api.admin.AdminPaths;
import io.rtfleet.api.admin.PlacementDocument;
import io.rtfleet.api.placement.PlanLimits;
import io.rtfleet.api.placement.SlotTable;
import io.rtfleet.coordinator.Coordinator;
import io.rtfleet.coordinator.NodeAdminClient;
import io.rtfleet.localkube.GatewayBalancer;
import io.rtfleet.localkube.LocalDatabase;
import io.rtfleet.localkube.NodeJar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * A fleet on one machine: one embedded PostgreSQL in a process of its own and N realtime-node
 * processes sharing it, on loopback ports the OS picks, with one set of secrets (client tokens,
 * admin token, fleet secret) in a private directory. Used by the integration tests and by {@code
 * rtctl bench}; the placement it pushes is the job of a controller in a real cluster.
 */
public final class LocalFleet implements FleetUnderTest, AutoCloseable {
  public static final int SLOT_COUNT = 4096;

  /** How often the balancer reads the nodes' readiness (a Kubernetes probe runs every 1–10 s). */
  private static final Duration READINESS_POLL = Duration.ofMillis(500);

  private final Path nodeJar;
  private final Path directory;
  private volatile boolean keepLogs;
  private final List<String> jvmOptions;
  private final List<String> nodeOptions;
  private final LocalDatabase database;
  private final String adminToken;

  /** Replaced whole on change (copy on write): the balancer reads it from its own thread. */
  private volatile Map<String, FleetNode> nodes = Map.of();

  private GatewayBalancer balancer;
  private final Thread orphanGuard = new Thread(this::killProcesses, "local-fleet-orphan-guard");

  private LocalFleet(
      Path nodeJar,
      Path directory,
      List<String> jvmOptions,
      List<String> nodeOptions,
      LocalDatabase database,
      String adminToken) {
    this.nodeJar = nodeJar;
    this.directory = directory;
    this.jvmOptions = List.copyOf(jvmOptions);
    this.nodeOptions = List.copyOf(nodeOptions);
    this.database = database;
    this.adminToken = adminToken;
  }

  /**
   * Starts the database and {@code count} nodes named node-0 … node-(N-1), then places every slot
   * round-robin over them at epoch 1.
   */
  public static LocalFleet start(
      Path nodeJar, int count, List<String> jvmOptions, List<String> nodeOptions)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(nodeJar)) {
      throw new IOException(
          "node jar not found: " + nodeJar + " (build it with 'mvn -q install -DskipTests')");
    }
    Path directory = Files.createTempDirectory("rtfleet-local");
    String adminToken = secret(directory.resolve("admin-token"));
    secret(directory.resolve("token-secret"));
    secret(directory.resolve("fleet-secret"));
    LocalDatabase database = LocalDatabase.start(nodeJar, directory);
    LocalFleet fleet =
        new LocalFleet(nodeJar, directory, jvmOptions, nodeOptions, database, adminToken);
    fleet.guardAgainstOrphans();
    try {
      // Before the nodes: they tell clients its address as where to resume.
      fleet.balancer = GatewayBalancer.start(fleet::backends, READINESS_POLL);
      fleet.startNodes(count);
      fleet.pushRoundRobin(1, fleet.nodeIds());
    } catch (IOException | RuntimeException failed) {
      fleet.close();
      throw failed;
    }
    return fleet;
  }

  /** The live nodes, for the balancer. */
  private List<GatewayBalancer.Backend> backends() {
    List<GatewayBalancer.Backend> live = new ArrayList<>();
    for (FleetNode node : nodes.values()) {
      if (node.isAlive()) {
        URI client = node.target().uri();
        live.add(
            new GatewayBalancer.Backend(
                node.id(),
                new InetSocketAddress(client.getHost(), client.getPort()),
                URI.create(node.target().adminUrl() + AdminPaths.READY)));
      }
    }
    return live;
  }

  /**
   * The fleet's one gateway address, a readiness-aware balancer in front of its nodes, as a
   * Kubernetes Service is: every node gives it to clients as {@code resume_gateway_url}.
   */
  public GatewayBalancer balancer() {
    return balancer;
  }

  @Override
  public InetSocketAddress route(URI address) {
    return balancer.route(address);
  }

  private static String secret(Path file) throws IOException {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    String value = HexFormat.of().formatHex(bytes);
    Files.writeString(file, value);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return value;
  }

  /**
   * Starts node-0 … node-(N-1) side by side: most of a node's start is its JVM loading classes, one
   * core each, so three nodes on two cores start in about the time of two one after the other.
   */
  private void startNodes(int count) throws IOException {
    List<CompletableFuture<FleetNode>> launched = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = "node-" + i;
      launched.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return launch(id);
                } catch (IOException failed) {
                  throw new UncheckedIOException(failed);
                }
              },
              runnable -> new Thread(runnable, "start-" + id).start()));
    }
    IOException first = null;
    for (CompletableFuture<FleetNode> node : launched) {
      try {
        register(node.join());
      } catch (CompletionException failed) {
        IOException cause =
            failed.getCause() instanceof UncheckedIOException io
                ? io.getCause()
                : new IOException(failed.getCause());
        if (first == null) {
          first = cause;
        } else {
          first.addSuppressed(cause);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** Starts (or starts again, after a kill) the node with this id; it owns nothing until placed. */
  public FleetNode startNode(String id) throws IOException {
    return register(launch(id));
  }

  private FleetNode launch(String id) throws IOException {
    List<String> command = NodeJar.command(nodeJar, jvmOptions);
    command.addAll(
        List.of(
            "--node-id",
            id,
            "--port",
            "0",
            "--admin-port",
            "0",
            "--peer-port",
            "0",
            "--data-dir",
            directory.resolve(id).toString(),
            "--database-url",
            database.url(),
            "--database-password-file",
            databasePasswordFile().toString(),
            "--token-secret-file",
            directory.resolve("token-secret").toString(),
            "--admin-token-file",
            directory.resolve("admin-token").toString(),
            "--fleet-secret-file",
            directory.resolve("fleet-secret").toString(),
            "--public-url",
            balancer.url()));
    command.addAll(nodeOptions);
    return FleetNode.start(id, command, directory.resolve(id + ".log"), adminToken);
  }

  private synchronized FleetNode register(FleetNode node) {
    Map<String, FleetNode> next = new LinkedHashMap<>(nodes);
    next.put(node.id(), node);
    nodes = next;
    return node;
  }

  @Override
  public List<String> nodeIds() {
    return List.copyOf(nodes.keySet());
  }

  public FleetNode node(String id) {
    return nodes.get(id);
  }

  public List<FleetNode> nodes() {
    return List.copyOf(nodes.values());
  }

  public String adminToken() {
    return adminToken;
  }

  /** The JDBC URL of the fleet's database (it may carry credentials: never log it). */
  public String databaseUrl() {
    return database.url();
  }

  /** The file holding the password of the fleet's database (the database made it, mode 0600). */
  public Path databasePasswordFile() {
    return database.passwordFile();
  }

  public Path directory() {
    return directory;
  }

  /** The placement giving slot {@code s} to {@code owners[s % owners.size()]}. */
  public PlacementDocument roundRobin(long epoch, List<String> owners) {
    String[] slots = new String[SLOT_COUNT];
    for (int slot = 0; slot < SLOT_COUNT; slot++) {
      slots[slot] = owners.get(slot % owners.size());
    }
    return PlacementDocument.of(new SlotTable(epoch, slots, Map.of()), peers());
  }

  /** Every node's peer address, as a placement names them. */
  public Map<String, String> peers() {
    Map<String, String> peers = new LinkedHashMap<>();
    nodes.values().forEach(node -> peers.put(node.id(), node.peerAddress()));
    return peers;
  }

  /** Pushes the round-robin placement to every live node, waiting for each to put it in force. */
  public void pushRoundRobin(long epoch, List<String> owners) {
    push(roundRobin(epoch, owners));
  }

  public void push(PlacementDocument placement) {
    for (FleetNode node : nodes.values()) {
      if (node.isAlive()) {
        node.admin().pushPlacement(placement).orTimeout(60, TimeUnit.SECONDS).join();
      }
    }
  }

  /** A coordinator of the live nodes, as a controller would run it. */
  public Coordinator coordinator(int maxSlotsPerBatch) {
    Map<String, NodeAdminClient> live = new LinkedHashMap<>();
    for (FleetNode node : nodes.values()) {
      if (node.isAlive()) {
        live.put(node.id(), node.admin());
      }
    }
    return new Coordinator(live, peers(), maxSlotsPerBatch, PlanLimits.DEFAULT);
  }

  /**
   * Keeps the nodes' logs when the fleet closes (to look into a failed run); the secrets and the
   * database go all the same. Returns the directory the logs stay in.
   */
  @Override
  public Path keepLogs() {
    keepLogs = true;
    return directory;
  }

  @Override
  public void close() throws InterruptedException {
    // Each step whatever the one before did: a balancer whose event loop died must not leave the
    // nodes and the database running.
    try {
      FleetNode.stopAll(nodes.values());
      if (balancer != null) {
        balancer.close();
      }
    } finally {
      database.close();
      removeOrphanGuard();
      deleteFiles();
    }
  }

  private void deleteFiles() {
    try (var files = Files.walk(directory)) {
      files
          .sorted(java.util.Comparator.reverseOrder())
          .filter(
              path -> !(keepLogs && (path.toString().endsWith(".log") || path.equals(directory))))
          .forEach(path -> path.toFile().delete());
    } catch (IOException leftBehind) {
      // a temporary directory the OS cleans up
    }
  }

  /** Kills the fleet's processes if this JVM exits (or is killed) before {@link #close}. */
  private void guardAgainstOrphans() {
    Runtime.getRuntime().addShutdownHook(orphanGuard);
  }

  private void removeOrphanGuard() {
    try {
      Runtime.getRuntime().removeShutdownHook(orphanGuard);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or about to: it does the same
    }
  }

  private void killProcesses() {
    try {
      for (FleetNode node : nodes.values()) {
        node.kill();
      }
    } catch (InterruptedException exiting) {
      Thread.currentThread().interrupt();
    } finally {
      database.kill();
    }
  }
}
