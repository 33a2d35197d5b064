package io.rtfleet.cli.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rtfleet.api.crd.DatabaseSpec;
import io.rtfleet.api.crd.NodeTemplate;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.api.crd.RealtimeFleetSpec;
import io.rtfleet.cli.bench.report.BenchReport;
import io.rtfleet.cli.exit.ExitCodes;
import io.rtfleet.controller.RtfleetOperator;
import io.rtfleet.controller.metrics.OperatorMetrics;
import io.rtfleet.localkube.MockApiServer;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "operator",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "The operator's own scale: starts Fabric8's mock API server and the operator in this"
          + " process, declares --fleets fleets of --replicas nodes each (pods only: no node"
          + " process runs, so the pods stay pending), waits until every pod exists, then lets"
          + " the operator resync them for --duration seconds. Reports the reconcile duration"
          + " (p50, p90, p99), the reconciles made, how long the pods took to exist, and the heap"
          + " this process holds after a full GC (the operator and the mock server's store"
          + " together: an upper bound for the operator's). Reconcile quantiles are given twice:"
          + " over the setup, when every fleet is declared at once, and over the last 30 s of"
          + " steady resyncs."
    },
    footer = {"", "Example: rtctl bench operator --fleets 200 --replicas 10 --duration 60"})
public final class OperatorScaleCommand implements Callable<Integer> {
  private static final String NAMESPACE = "scale";
  private static final Duration STEADY_WINDOW = Duration.ofSeconds(30);

  @Spec CommandSpec spec;

  @Option(names = "--fleets", description = "Fleets to declare (default: ${DEFAULT-VALUE}).")
  int fleets = 200;

  @Option(names = "--replicas", description = "Nodes per fleet (default: ${DEFAULT-VALUE}).")
  int replicas = 10;

  @Option(
      names = "--duration",
      description = "Seconds of steady resyncs once every pod exists (default: ${DEFAULT-VALUE}).")
  int durationSeconds = 60;

  @Option(
      names = "--setup-timeout",
      description = "Seconds the pods may take to exist (default: ${DEFAULT-VALUE}).")
  int setupTimeoutSeconds = 600;

  @Option(
      names = {"-o", "--output"},
      description =
          "human (progress and a table) or json (one object on the last line) (default: ${DEFAULT-VALUE}).")
  RunOptions.Output output = RunOptions.Output.human;

  @Override
  public Integer call() throws Exception {
    Arguments.atLeast("--fleets", fleets, 1);
    Arguments.atLeast("--replicas", replicas, 1);
    // At least the quantiles' window, so that the steady state's hold nothing of the setup.
    Arguments.atLeast("--duration", durationSeconds, (int) STEADY_WINDOW.toSeconds());
    PrintWriter err = spec.commandLine().getErr();
    try (MockApiServer api = MockApiServer.start()) {
      KubernetesClient client = api.client();
      namespace(client);
      // Quantiles over the last half minute: the steady state once every pod exists, apart from
      // the burst of 200 fleets declared at once.
      OperatorMetrics metrics = new OperatorMetrics(STEADY_WINDOW);
      try (RtfleetOperator operator =
          RtfleetOperator.start(client, Clock.systemUTC(), null, metrics)) {
        long started = System.nanoTime();
        for (int i = 0; i < fleets; i++) {
          client.resource(fleet("fleet-" + i)).create();
        }
        long expected = (long) fleets * replicas;
        long deadline = started + TimeUnit.SECONDS.toNanos(setupTimeoutSeconds);
        long pods = 0;
        while ((pods = client.pods().inNamespace(NAMESPACE).list().getItems().size()) < expected) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(
                pods + " of " + expected + " pods after " + setupTimeoutSeconds + " s");
          }
          err.printf("  %d of %d pods%n", pods, expected);
          err.flush();
          TimeUnit.SECONDS.sleep(2);
        }
        double setupSeconds = (System.nanoTime() - started) / 1e9;
        err.printf("%d pods of %d fleets exist after %.1f s%n", pods, fleets, setupSeconds);
        err.flush();
        Map<String, Double> burst = quantiles(metrics);
        long burstReconciles = metrics.reconcileCount();
        TimeUnit.SECONDS.sleep(durationSeconds);
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        new BenchReport("operator")
            .put("fleets", fleets)
            .put("replicas", replicas)
            .put("pods", pods)
            .put("setupSeconds", setupSeconds)
            .put("setupReconciles", burstReconciles)
            .put("setupReconcileMs", burst)
            .put("steadyReconciles", metrics.reconcileCount() - burstReconciles)
            .put("steadyReconcileMs", quantiles(metrics))
            .put("heapAfterGcMb", heap / (1024.0 * 1024.0))
            .print(spec.commandLine().getOut(), output == RunOptions.Output.json);
      }
    }
    return ExitCodes.OK;
  }

  /** The reconcile quantiles over the metrics' window, in milliseconds. */
  private static Map<String, Double> quantiles(OperatorMetrics metrics) {
    Map<String, Double> quantiles = new LinkedHashMap<>();
    quantiles.put("p50", metrics.reconcileQuantile(0.5) * 1000);
    quantiles.put("p90", metrics.reconcileQuantile(0.9) * 1000);
    quantiles.put("p99", metrics.reconcileQuantile(0.99) * 1000);
    return quantiles;
  }

  private static void namespace(KubernetesClient client) {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .create();
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("database")
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withStringData(Map.of("url", "jdbc:postgresql://127.0.0.1:5432/none"))
                .build())
        .create();
  }

  private RealtimeFleet fleet(String name) {
    NodeTemplate template = new NodeTemplate();
    template.setImage("rtfleet/realtime-node:local");
    DatabaseSpec database = new DatabaseSpec();
    database.setUrlSecret(new SecretKeySelector("url", "database", false));
    RealtimeFleetSpec fleetSpec = new RealtimeFleetSpec();
    fleetSpec.setReplicas(replicas);
    fleetSpec.setTemplate(template);
    fleetSpec.setDatabase(database);
    RealtimeFleet fleet = new RealtimeFleet();
    fleet.getMetadata().setName(name);
    fleet.getMetadata().setNamespace(NAMESPACE);
    fleet.setSpec(fleetSpec);
    return fleet;
  }
}
