package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rtfleet.api.admin.DrainRequest;
import io.rtfleet.api.admin.DrainStatus;
import io.rtfleet.api.admin.NodeState;
import io.rtfleet.api.placement.NodePhase;
import io.rtfleet.cli.exit.ExitCodes;
import io.rtfleet.cli.exit.TimedOut;
import io.rtfleet.cli.fleet.FleetWatch;
import io.rtfleet.controller.fleet.FleetNodes;
import io.rtfleet.controller.model.FleetLabels;
import io.rtfleet.controller.model.FleetSettings;
import io.rtfleet.coordinator.FleetSnapshot;
import io.rtfleet.coordinator.HttpNodeAdminClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "drain",
    aliases = "replace",
    mixinStandardHelpOptions = true,
    description = {
      "Drain a node into a fresh one ('node replace' is the same command): the operator starts a"
          + " new node (with the rollout's maxSurge), hands the drained node's slots off, asks its"
          + " sessions to reconnect in waves (they resume elsewhere, nothing lost), then deletes"
          + " its pod. Sets its pod's annotation rtfleet.io/drain=true; works while a rollout is"
          + " paused.",
      "With --wait, shows each step until the node is gone and the fleet has settled; with"
          + " --dry-run, shows what the drain would move and changes nothing.",
      "With --admin-url, drains a node outside Kubernetes through its admin API: it turns"
          + " unready and asks its sessions to reconnect elsewhere in waves (--wave-size,"
          + " --wave-interval, --readiness-delay); its slots stay, as handing them off is a"
          + " coordinator's work. --wait follows it until no session is attached.",
    })
final class NodeDrainCommand implements Callable<Integer> {
  @Mixin NodeArgument target;

  @Option(names = "--wait", description = "Wait until the node is gone, showing progress.")
  boolean wait;

  @Option(
      names = "--dry-run",
      description =
          "Show the slot moves and waves the drain would make, planned from the fleet as its"
              + " nodes report it now, and change nothing.")
  boolean dryRun;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds = 900;

  @Option(
      names = "--wave-size",
      paramLabel = "SESSIONS",
      description =
          "With --admin-url: sessions asked to reconnect per wave (default: the node's, "
              + DrainRequest.DEFAULT_WAVE_SIZE
              + "; a fleet's is in its spec).")
  Integer waveSize;

  @Option(
      names = "--wave-interval",
      paramLabel = "SECONDS",
      description = "With --admin-url: time between waves (default: the node's, 1).")
  Double waveIntervalSeconds;

  @Option(
      names = "--readiness-delay",
      paramLabel = "SECONDS",
      description =
          "With --admin-url: time between turning unready and the first wave, for balancers to"
              + " notice (default: the node's, 5).")
  Double readinessDelaySeconds;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (target.direct()) {
      return drain(target.openDirect(spec.commandLine().getErr()));
    }
    String node = target.name();
    try (KubernetesClient client = target.kube.client()) {
      Pod pod = Nodes.read(client, node);
      String fleet = Nodes.fleetOf(pod);
      if (dryRun) {
        spec.commandLine().getOut().print(preview(client, fleet, node));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
      }
      Nodes.annotate(client, node, FleetLabels.DRAIN_ANNOTATION, "true");
      PrintWriter out = spec.commandLine().getOut();
      out.printf("node %s of fleet %s is to be drained into a fresh node%n", node, fleet);
      out.flush();
      if (!wait) {
        return ExitCodes.OK;
      }
      boolean done =
          FleetWatch.follow(
              () -> Fleets.read(client, fleet),
              FleetWatch::describe,
              read ->
                  client.pods().inNamespace(client.getNamespace()).withName(node).get() == null
                      && FleetWatch.settled(read),
              Duration.ofSeconds(timeoutSeconds),
              out);
      if (done) {
        out.printf("node %s drained and gone%n", node);
        out.flush();
      }
      return done ? ExitCodes.OK : ExitCodes.TIMED_OUT;
    }
  }

  /** Drains a node outside Kubernetes: unready, then its sessions asked to move in waves. */
  private int drain(DirectNode direct) throws InterruptedException {
    if (dryRun) {
      throw new IllegalArgumentException(
          "--dry-run plans a fleet's drain; it cannot go with --admin-url");
    }
    DrainRequest request =
        new DrainRequest(waveSize, millis(waveIntervalSeconds), millis(readinessDelaySeconds), true)
            .checked();
    NodeState before = direct.state("drain the node");
    DrainStatus started = direct.call("drain the node", admin -> admin.startDrain(request));
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "node %s is draining (%s): unready, its %d attached sessions asked to reconnect elsewhere"
            + " in waves of %d every %.1f s after %.1f s; its %d slots with guilds stay%n",
        before.nodeId(),
        started.phase(),
        started.attached(),
        request.waveSizeOrDefault(),
        request.waveIntervalOrDefault() / 1000.0,
        request.readinessDelayOrDefault() / 1000.0,
        before.slots().size());
    out.flush();
    if (!wait) {
      return ExitCodes.OK;
    }
    boolean done =
        FleetWatch.follow(
            () -> direct.call("follow the drain", HttpNodeAdminClient::drainStatus),
            status ->
                String.format(
                    "%s, %d of %d sessions asked to reconnect, %d attached, %d kept",
                    status.phase(),
                    status.signalled(),
                    status.sessionsAtStart(),
                    status.attached(),
                    status.sessions()),
            status -> {
              if (status.phase() != NodePhase.DRAINING && status.phase() != NodePhase.DRAINED) {
                throw new IllegalStateException(
                    "the drain of node "
                        + before.nodeId()
                        + " was cancelled: it is "
                        + status.phase());
              }
              return status.phase() == NodePhase.DRAINED && status.attached() == 0;
            },
            Duration.ofSeconds(timeoutSeconds),
            out);
    if (!done) {
      throw new TimedOut(
          "node "
              + before.nodeId()
              + " is still draining after "
              + timeoutSeconds
              + " s; the drain goes on ('rtctl node describe --admin-url "
              + direct.url()
              + "' shows it)");
    }
    out.printf(
        "node %s drained: no session attached (sessions kept for their clients' resume: see"
            + " describe)%n",
        before.nodeId());
    out.flush();
    return ExitCodes.OK;
  }

  private static Long millis(Double seconds) {
    return seconds == null ? null : Math.round(seconds * 1000);
  }

  private static String preview(KubernetesClient client, String fleet, String node) {
    FleetSettings settings = FleetSettings.of(Fleets.read(client, fleet).getSpec());
    FleetSnapshot seen =
        FleetNodes.of(
                NodeAdmins.pods(client, fleet),
                NodeAdmins.requiredToken(client, fleet),
                NodeAdmins.HTTP)
            .coordinator(settings)
            .observe();
    return DrainPreview.of(seen, node, settings);
  }
}
