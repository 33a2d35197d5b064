package io.rtfleet.cli.dev;

import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.cli.client.Target;
import io.rtfleet.cli.exit.ExitCodes;
import io.rtfleet.cli.fleet.ApiServerOption;
import io.rtfleet.cli.fleet.OperatedFleet;
import io.rtfleet.cli.launch.Home;
import io.rtfleet.cli.ops.FleetFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Run a whole operated fleet on this machine, with nothing installed: a Kubernetes API"
          + " server (Fabric8's mock, with rtfleet's CRDs), the operator, one embedded"
          + " PostgreSQL, a local kubelet that runs each node pod as a process, and a sample"
          + " RealtimeFleet of 3 nodes behind one gateway URL (a balancer over the ready nodes,"
          + " as a Kubernetes Service would be).",
      "",
      "It runs until Ctrl-C or 'rtctl dev down'; with --detach it goes on in the background"
          + " once the fleet is ready. Its files (kubeconfig, admin token, database, node logs)"
          + " are under --dir.",
    },
    footer = {
      "",
      "Examples:",
      "  rtctl dev up                      3 nodes, in the foreground",
      "  rtctl dev up --detach --nodes 2   2 nodes, in the background",
      "  rtctl dev up -f my-fleet.yaml     your own RealtimeFleet (its database is the local one)",
      "  rtctl dev up --api-server real    on a real kube-apiserver, the operator under its RBAC",
      "  rtctl dev down                    stop what 'dev up' started",
    })
final class DevUpCommand implements Callable<Integer> {
  static final String NAMESPACE = "default";
  private static final String SAMPLE = "dev";

  @Option(names = "--nodes", description = "Nodes of the sample fleet (default: ${DEFAULT-VALUE}).")
  int nodes = 3;

  @Option(
      names = {"-f", "--file"},
      paramLabel = "FLEET.yaml",
      description = "A RealtimeFleet of your own instead of the sample.")
  Path file;

  @Option(
      names = {"-d", "--detach"},
      description = "Go on in the background once the fleet is ready.")
  boolean detach;

  @Option(names = "--dir", description = "Where its files go (default: ${DEFAULT-VALUE}).")
  Path directory = Home.resolve(".rtfleet", "dev");

  @Option(
      names = "--node-jar",
      description = "The node jar the pods run (default: ${DEFAULT-VALUE}).")
  Path nodeJar = Home.resolve("realtime-node", "target", "realtime-node.jar");

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "How long the fleet may take to be ready (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds = 300;

  @Mixin ApiServerOption apiServer;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    DevState state = new DevState(directory);
    Optional<ProcessHandle> running = state.running();
    if (running.isPresent() && running.get().pid() != ProcessHandle.current().pid()) {
      err.printf(
          "rtctl dev is already running from %s (pid %d%s); 'rtctl dev down' stops it%n",
          directory,
          running.get().pid(),
          state.up().map(up -> ", gateway " + up.gatewayUrl()).orElse(", starting"));
      return ExitCodes.FAILED;
    }
    RealtimeFleet fleet = fleet();
    if (detach) {
      return Detached.start(spec, state, Duration.ofSeconds(timeoutSeconds + 60), out, err);
    }
    return runUntilStopped(state, fleet, out);
  }

  /** The fleet to run: the sample, or the file's (its database is replaced by the local one). */
  private RealtimeFleet fleet() throws IOException {
    if (nodes < 1 || nodes > 20) {
      throw new IllegalArgumentException("--nodes must be between 1 and 20, not " + nodes);
    }
    if (file == null) {
      return Samples.fleet(SAMPLE, NAMESPACE, nodes);
    }
    RealtimeFleet fleet = FleetFile.read(file);
    if (fleet.getMetadata().getNamespace() == null) {
      fleet.getMetadata().setNamespace(NAMESPACE);
    }
    return fleet;
  }

  /** The API server asked for, the operator, the database, the kubelet and the fleet, settled. */
  private OperatedFleet start(DevState state, RealtimeFleet fleet, PrintWriter out)
      throws Exception {
    Duration timeout = Duration.ofSeconds(timeoutSeconds);
    return OperatedFleet.start(nodeJar, state.run(), fleet, apiServer.startReal(out), out, timeout);
  }

  private int runUntilStopped(DevState state, RealtimeFleet fleet, PrintWriter out)
      throws Exception {
    long pid = ProcessHandle.current().pid();
    state.starting(pid);
    // A fresh database each time: the mock API server numbers its objects from 1 again, so the new
    // pods would have the uids of the last run's, and their nodes would take up the phases those
    // recorded (a node cordoned or drained then would never be ready now).
    if (Files.exists(state.run())) {
      OperatedFleet.delete(state.run());
    }
    out.printf("Starting rtfleet dev in %s (pid %d)%n", directory, pid);
    out.flush();
    AtomicReference<OperatedFleet> started = new AtomicReference<>();
    CountDownLatch stopped = new CountDownLatch(1);
    // Ctrl-C or 'rtctl dev down' (SIGTERM): the fleet goes, and nothing is left behind. (During
    // the start, the kubelet's and the database's own hooks stop their processes.)
    Thread hook =
        new Thread(
            () -> {
              OperatedFleet running = started.get();
              if (running != null) {
                out.printf("stopping: nodes, operator, PostgreSQL, API server%n");
                out.flush();
                try {
                  running.close();
                } catch (Exception failed) {
                  out.printf("stopping: %s%n", failed);
                }
              }
              state.stopped();
              stopped.countDown();
            },
            "rtctl-dev-down");
    Runtime.getRuntime().addShutdownHook(hook);
    OperatedFleet running;
    try {
      running = start(state, fleet, out);
    } catch (Exception | Error failed) {
      Runtime.getRuntime().removeShutdownHook(hook);
      state.stopped();
      throw failed;
    }
    started.set(running);
    Target target = running.target();
    DevState.Up up =
        new DevState.Up(
            pid,
            running.client().getMasterUrl().toString().replace("//localhost:", "//127.0.0.1:"),
            fleet.getMetadata().getNamespace(),
            fleet.getMetadata().getName(),
            target.gatewayUrl(),
            target.url() + "/api/v10",
            target.adminUrl());
    state.up(
        up,
        apiServer.real()
            ? Files.readString(running.kubeconfig().orElseThrow())
            : Kubeconfig.forServer(up.apiServer(), up.namespace()),
        target.adminToken());
    Summary.print(out, up, state);
    stopped.await();
    return ExitCodes.OK;
  }
}
