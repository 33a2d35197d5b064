package io.rtfleet.cli.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.rtfleet.api.crd.DrainSpec;
import io.rtfleet.api.crd.NodeOptions;
import io.rtfleet.api.crd.NodeTemplate;
import io.rtfleet.api.crd.OperationStatus;
import io.rtfleet.api.crd.PlacementSpec;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.api.crd.RealtimeFleetSpec;
import io.rtfleet.cli.bench.report.BenchReport;
import io.rtfleet.cli.fleet.ApiServerOption;
import io.rtfleet.cli.fleet.FleetWatch;
import io.rtfleet.cli.fleet.OperatedFleet;
import io.rtfleet.controller.model.FleetLabels;
import io.rtfleet.controller.model.NodePods;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "rollout",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "The operator rolls a fleet under load: starts a local Kubernetes (mock API server, or"
          + " with --api-server real the test harness's, local kubelet, embedded PostgreSQL) and"
          + " the operator, which creates a fleet of --nodes"
          + " nodes; sessions and publishers reach it through its client Service. After --warmup"
          + " the fleet's template changes, and the operator replaces every node drain-first: a"
          + " fresh node starts, the old one hands it its slots and sends its sessions to resume"
          + " elsewhere (op 7), then its pod is deleted. Reports rolloutSeconds, each node's drain"
          + " time, the operator's reaction time (change to first action), and the checker's"
          + " verdict.",
      "Exits 1 when the checker finds any loss, duplicate or reorder, or any session had to"
          + " identify again."
    },
    footer = {
      "",
      "Example: rtctl bench rollout --nodes 3 --sessions 3000 --small-guilds 750 --rate 1000"
          + " --duration 60"
    })
public final class RolloutCommand implements Callable<Integer> {
  private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(5);

  @Spec CommandSpec spec;
  @Mixin TargetOptions targetOptions;
  @Mixin RunOptions run;
  @Mixin TrafficOptions traffic;
  @Mixin FleetLoadOptions load;
  @Mixin WaveOptions waves;
  @Mixin ApiServerOption apiServer;

  @Option(
      names = "--readiness-delay-s",
      description =
          "How long a draining node waits after turning unready before its first wave, so that the"
              + " Service has noticed (default: ${DEFAULT-VALUE}).")
  int readinessDelaySeconds = 1;

  @Option(
      names = "--rollout-timeout-s",
      description =
          "How long the rollout may take before the run fails (default: ${DEFAULT-VALUE}).")
  int rolloutTimeoutSeconds = 600;

  @Override
  public Integer call() throws Exception {
    run.validate();
    traffic.validate();
    load.validate("rollout", targetOptions);
    waves.validate();
    Arguments.atLeast("--readiness-delay-s", readinessDelaySeconds, 0);
    Arguments.atLeast("--rollout-timeout-s", rolloutTimeoutSeconds, 10);
    if (!targetOptions.nodeOptions.isEmpty()) {
      throw new IllegalArgumentException(
          "--node-option does not apply: the operator starts the nodes from the fleet's template");
    }
    PrintWriter err = spec.commandLine().getErr();
    List<String> jvmOptions =
        new ArrayList<>(List.of("-Xms" + targetOptions.nodeHeap, "-Xmx" + targetOptions.nodeHeap));
    jvmOptions.addAll(targetOptions.nodeJvmOptions);
    NodeOptions options = new NodeOptions();
    options.setRestRequestsPerSecond(1_000_000);
    options.setClientEventsPerMinute(100_000);
    NodeTemplate template = new NodeTemplate();
    template.setJvmOptions(jvmOptions);
    template.setOptions(options);
    DrainSpec drain = new DrainSpec();
    drain.setWaveSize(waves.waveSize);
    drain.setWaveIntervalMillis(waves.waveIntervalMs);
    drain.setReadinessDelaySeconds(readinessDelaySeconds);
    PlacementSpec placement = new PlacementSpec();
    placement.setMaxMovesPerBatch(load.batchSlots);
    RealtimeFleetSpec fleetSpec = new RealtimeFleetSpec();
    fleetSpec.setReplicas(targetOptions.nodes);
    fleetSpec.setTemplate(template);
    fleetSpec.setDrain(drain);
    fleetSpec.setPlacement(placement);
    err.printf(
        "starting a local Kubernetes, the operator and a fleet of %d%n", targetOptions.nodes);
    try (OperatedFleet fleet =
        OperatedFleet.start(
            targetOptions.nodeJar, fleetSpec, apiServer.startReal(err), err, SETTLE_TIMEOUT)) {
      return FleetScenario.run(
          "rollout", fleet.target(), fleet, load, run, traffic, spec, i -> 0, this::rollout);
    }
  }

  private FleetScenario.Expectation rollout(
      OperatedFleet fleet, LoadRun traffic, BenchReport report, PrintWriter err) throws Exception {
    RealtimeFleet before = fleet.read();
    String from = before.getStatus().getCurrentRevision();
    Set<String> podsBefore = podNames(fleet);
    List<String> jvmOptions = new ArrayList<>(before.getSpec().getTemplate().getJvmOptions());
    jvmOptions.add("-Drtfleet.bench.rollout=" + System.currentTimeMillis());
    err.printf("changing the template (revision %s)%n", from);
    long changed = System.nanoTime();
    fleet.edit(
        f -> {
          f.getSpec().getTemplate().setJvmOptions(jvmOptions);
          return f;
        });

    // The first action is the fresh node's pod; watched closely, then every 100 ms.
    long deadline = changed + TimeUnit.SECONDS.toNanos(rolloutTimeoutSeconds);
    while (podsBefore.containsAll(podNames(fleet))) {
      check(deadline, "no pod was created for the new revision");
      TimeUnit.MILLISECONDS.sleep(10);
    }
    double reactionSeconds = (System.nanoTime() - changed) / 1e9;
    err.printf("first action %.3f s after the change%n", reactionSeconds);

    Map<String, Long> drainStarted = new LinkedHashMap<>();
    Map<String, Double> drainSeconds = new LinkedHashMap<>();
    Map<String, Long> created = new LinkedHashMap<>();
    Map<String, Double> startSeconds = new LinkedHashMap<>();
    String draining = null;
    String last = "";
    while (true) {
      RealtimeFleet now = fleet.read();
      long at = System.nanoTime();
      // Each new node's start: from when its pod is first seen to when it is ready.
      for (Pod pod : fleet.pods()) {
        String podName = pod.getMetadata().getName();
        if (from.equals(pod.getMetadata().getLabels().get(FleetLabels.REVISION))) {
          continue;
        }
        created.putIfAbsent(podName, at);
        if (!startSeconds.containsKey(podName) && NodePods.ready(pod)) {
          startSeconds.put(podName, (at - created.get(podName)) / 1e9);
          err.printf(
              "  %s ready %.2f s after it was created%n", podName, startSeconds.get(podName));
        }
      }
      OperationStatus operation = now.getStatus().getOperation();
      String node = operation == null ? null : operation.getNode();
      if (draining != null && !draining.equals(node)) {
        drainSeconds.put(draining, (at - drainStarted.get(draining)) / 1e9);
        err.printf("  %s drained in %.2f s%n", draining, drainSeconds.get(draining));
      }
      if (node != null && !drainStarted.containsKey(node)) {
        drainStarted.put(node, at);
      }
      draining = node;
      String state = FleetWatch.describe(now);
      if (!state.equals(last)) {
        err.printf("  %s%n", state);
        last = state;
      }
      if (!from.equals(now.getStatus().getCurrentRevision())
          && "Complete".equals(now.getStatus().getRollout())
          && operation == null) {
        break;
      }
      check(deadline, "the rollout is not complete: " + state);
      TimeUnit.MILLISECONDS.sleep(100);
    }
    double rolloutSeconds = (System.nanoTime() - changed) / 1e9;
    double drained = drainSeconds.values().stream().mapToDouble(Double::doubleValue).sum();
    err.printf(
        "rolled %d nodes in %.2f s (their drains: %.2f s)%n",
        drainSeconds.size(), rolloutSeconds, drained);
    report
        .put("apiServer", apiServer.real() ? "real" : "mock")
        .put("rolloutSeconds", rolloutSeconds)
        .put("reactionSeconds", reactionSeconds)
        .put("nodeDrainSeconds", drainSeconds)
        .put("drainSecondsTotal", drained)
        .put("nodeStartSeconds", startSeconds)
        .put(
            "overheadSecondsPerNode",
            drainSeconds.isEmpty() ? 0 : (rolloutSeconds - drained) / drainSeconds.size())
        .put("reconnectRequests", traffic.stats.reconnectRequests.get())
        .put("resumesDeferred", traffic.stats.resumesDeferred.get());
    // Every session resumes on another node: none may have to identify again.
    return settled -> traffic.stats.reidentified.get() == 0;
  }

  private static Set<String> podNames(OperatedFleet fleet) {
    return fleet.pods().stream()
        .map(pod -> pod.getMetadata().getName())
        .collect(Collectors.toSet());
  }

  private static void check(long deadline, String what) {
    if (System.nanoTime() > deadline) {
      throw new IllegalStateException(what);
    }
  }
}
