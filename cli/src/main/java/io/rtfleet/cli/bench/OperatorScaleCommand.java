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
          + " together: an upper bound for the operator's)."
    },
    footer = {"", "Example: rtctl bench operator --fleets 200 --replicas 10 --duration 60"})
public final class OperatorScaleCommand implements Callable<Integer> {
  private static final String NAMESPACE = "scale";

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
    Arguments.atLeast("--duration", durationSeconds, 0);
    PrintWriter err = spec.commandLine().getErr();
    try (MockApiServer api = MockApiServer.start()) {
      KubernetesClient client = api.client();
      namespace(client);
      try (RtfleetOperator operator = RtfleetOperator.start(client, Clock.systemUTC())) {
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
        TimeUnit.SECONDS.sleep(durationSeconds);
        OperatorMetrics metrics = operator.metrics();
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        new BenchReport("operator")
            .put("fleets", fleets)
            .put("replicas", replicas)
            .put("pods", pods)
            .put("setupSeconds", setupSeconds)
            .put("reconciles", metrics.reconcileCount())
            .put(
                "reconcileMs",
                Map.of(
                    "p50", metrics.reconcileQuantile(0.5) * 1000,
                    "p90", metrics.reconcileQuantile(0.9) * 1000,
                    "p99", metrics.reconcileQuantile(0.99) * 1000))
            .put("heapAfterGcMb", heap / (1024.0 * 1024.0))
            .print(spec.commandLine().getOut(), output == RunOptions.Output.json);
      }
    }
    return ExitCodes.OK;
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
