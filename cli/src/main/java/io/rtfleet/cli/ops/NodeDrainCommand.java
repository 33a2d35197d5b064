package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rtfleet.api.admin.DrainRequest;
import io.rtfleet.api.admin.DrainStatus;
import io.rtfleet.api.admin.NodeState;
import io.rtfleet.api.crd.FleetNodeStatus;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.api.crd.RealtimeFleetStatus;
import io.rtfleet.api.placement.NodePhase;
import io.rtfleet.cli.exit.ExitCodes;
import io.rtfleet.cli.exit.TimedOut;
import io.rtfleet.cli.fleet.FleetWatch;
import io.rtfleet.controller.model.Conditions;
import io.rtfleet.controller.model.FleetLabels;
import io.rtfleet.controller.model.NodePods;
import io.rtfleet.controller.rollout.NextNodeAction;
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
    mixinStandardHelpOptions = true,
    description = {
      "Drain a node and keep it, as kubectl drain keeps a Kubernetes node: it is cordoned, its"
          + " slots are handed to the other nodes, its sessions asked to reconnect in waves (they"
          + " resume elsewhere, nothing lost); then it stays, cordoned, holding nothing, for you to"
          + " look at. 'rtctl node uncordon' returns it to service (the next rebalance gives it"
          + " guilds again) and, before the drain is over, withdraws it. Sets its pod's annotation"
          + " rtfleet.io/drain=keep, which the operator swaps for rtfleet.io/cordon=true once the"
          + " node is empty. To drain a node into a fresh one and delete it, use 'rtctl node"
          + " replace'.",
      "With --wait, shows each step until the node is empty; with --dry-run, shows what the"
          + " drain would move and changes nothing.",
      "With --admin-url, drains a node outside Kubernetes through its admin API: it turns"
          + " unready and asks its sessions to reconnect elsewhere in waves (--wave-size,"
          + " --wave-interval, --readiness-delay); its slots stay, as handing them off is a"
          + " coordinator's work. --wait follows it until no session is attached.",
    })
final class NodeDrainCommand implements Callable<Integer> {
  @Mixin NodeArgument target;

  @Mixin DrainOptions options;

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

  /** What --wait reads each time: the node's pod (null once gone) and its fleet. */
  private record Seen(Pod pod, RealtimeFleet fleet) {}

  @Override
  public Integer call() throws Exception {
    if (target.direct()) {
      return drain(target.openDirect(spec.commandLine().getErr()));
    }
    String node = target.name();
    PrintWriter out = spec.commandLine().getOut();
    try (KubernetesClient client = target.kube.client()) {
      Pod pod = Nodes.read(client, node);
      String fleet = Nodes.fleetOf(pod);
      if (options.dryRun) {
        out.print(Nodes.drainPreview(client, fleet, node, false));
        out.flush();
        return ExitCodes.OK;
      }
      Nodes.annotate(client, node, FleetLabels.DRAIN_ANNOTATION, FleetLabels.DRAIN_AND_KEEP);
      out.printf(
          "node %s of fleet %s is to be drained into the other nodes, and kept cordoned%n",
          node, fleet);
      out.flush();
      if (!options.wait) {
        return ExitCodes.OK;
      }
      boolean done =
          FleetWatch.follow(
              () ->
                  new Seen(
                      client.pods().inNamespace(client.getNamespace()).withName(node).get(),
                      Fleets.read(client, fleet)),
              seen -> FleetWatch.describe(seen.fleet()),
              seen -> FleetWatch.drainLeft(seen.fleet(), node),
              seen -> drained(seen, node),
              Duration.ofSeconds(options.timeoutSeconds),
              out);
      if (!done) {
        throw new TimedOut(
            "node "
                + node
                + " is still draining after "
                + options.timeoutSeconds
                + " s; the drain goes on ('rtctl node describe "
                + node
                + "' shows it)");
      }
      FleetNodeStatus kept = Nodes.statusOf(Fleets.read(client, fleet), node);
      out.printf(
          "node %s drained and kept: %s, %d slots, %d sessions ('rtctl node uncordon %s' returns"
              + " it to service)%n",
          node, kept.getPhase(), kept.getSlots(), kept.getSessions(), node);
      out.flush();
      return ExitCodes.OK;
    }
  }

  /**
   * Whether the operator is done with the drain: it took the request off the pod (marking it
   * cordoned), is not draining the node any more, and the fleet's status has it cordoned. Fails
   * when the drain cannot happen or was withdrawn.
   */
  private static boolean drained(Seen seen, String node) {
    if (seen.pod() == null) {
      throw new IllegalStateException(
          "the pod of node " + node + " was deleted while it drained (a replacement?)");
    }
    RealtimeFleetStatus status = seen.fleet().getStatus();
    if (status != null
        && NextNodeAction.NOTHING_TO_DRAIN_INTO.equals(
            Conditions.reason(status.getConditions(), Conditions.PROGRESSING))) {
      throw new IllegalStateException(
          Conditions.message(status.getConditions(), Conditions.PROGRESSING));
    }
    String asked = NodePods.annotation(seen.pod(), FleetLabels.DRAIN_ANNOTATION);
    if (FleetLabels.DRAIN_AND_KEEP.equals(asked)) {
      return false;
    }
    if ("true".equals(asked)) {
      throw new IllegalStateException(
          "node "
              + node
              + " is to be replaced instead (evicted?): 'rtctl node replace "
              + node
              + " --wait' follows that");
    }
    if (!"true".equals(NodePods.annotation(seen.pod(), FleetLabels.CORDON_ANNOTATION))) {
      throw new IllegalStateException(
          "the drain of node " + node + " was withdrawn ('rtctl node uncordon')");
    }
    FleetNodeStatus seenNode = Nodes.statusOf(seen.fleet(), node);
    return status != null
        && (status.getOperation() == null || !node.equals(status.getOperation().getNode()))
        && seenNode != null
        && "Cordoned".equals(seenNode.getPhase());
  }

  /** Drains a node outside Kubernetes: unready, then its sessions asked to move in waves. */
  private int drain(DirectNode direct) throws InterruptedException {
    if (options.dryRun) {
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
    if (!options.wait) {
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
            DrainStatus::attached,
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
            Duration.ofSeconds(options.timeoutSeconds),
            out);
    if (!done) {
      throw new TimedOut(
          "node "
              + before.nodeId()
              + " is still draining after "
              + options.timeoutSeconds
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
}
