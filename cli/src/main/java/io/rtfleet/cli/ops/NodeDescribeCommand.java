package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rtfleet.api.admin.NodeState;
import io.rtfleet.api.crd.FleetNodeStatus;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.cli.exit.ExitCodes;
import io.rtfleet.controller.model.FleetLabels;
import io.rtfleet.controller.model.NodePods;
import io.rtfleet.coordinator.HttpNodeAdminClient;
import io.rtfleet.localkube.KubectlAge;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "describe",
    mixinStandardHelpOptions = true,
    description = {
      "Show one node: its pod, what the operator asked of it (cordon, drain), what the fleet's"
          + " status says of it, what the node says of itself through its admin API (when its pod"
          + " IP is reachable from here, as with 'rtctl dev up'), and the fleet's Events that name"
          + " it.",
      "With --admin-url, shows what a node outside Kubernetes says of itself.",
    })
final class NodeDescribeCommand implements Callable<Integer> {
  @Mixin NodeArgument target;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (target.direct()) {
      return describe(target.openDirect(spec.commandLine().getErr()));
    }
    String node = target.name();
    try (KubernetesClient client = target.kube.client()) {
      Pod pod = Nodes.read(client, node);
      String fleetName = Nodes.fleetOf(pod);
      RealtimeFleet fleet = Fleets.read(client, fleetName);
      PrintWriter out = spec.commandLine().getOut();
      Instant now = Instant.now();
      String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
      out.printf("Name:        %s%n", node);
      out.printf("Fleet:       %s/%s%n", client.getNamespace(), fleetName);
      out.printf(
          "Pod:         %s%s, %s, IP %s, age %s, revision %s%n",
          pod.getStatus() == null ? "Pending" : pod.getStatus().getPhase(),
          pod.getMetadata().getDeletionTimestamp() == null ? "" : " (being deleted)",
          NodePods.ready(pod) ? "ready" : "not ready",
          ip,
          KubectlAge.of(pod.getMetadata().getCreationTimestamp(), now),
          pod.getMetadata().getLabels().get(FleetLabels.REVISION));
      out.printf("Asked:       %s%n", Nodes.asked(pod));
      FleetNodeStatus seen = Nodes.statusOf(fleet, node);
      out.printf(
          "Status:      %s%n",
          seen == null
              ? "not in the fleet's status"
              : seen.getPhase()
                  + ", "
                  + seen.getSlots()
                  + " slots, "
                  + seen.getSessions()
                  + " sessions, "
                  + seen.getGuilds()
                  + " guilds"
                  + (Nodes.doing(seen, now) == null ? "" : "; " + Nodes.doing(seen, now)));
      out.printf(
          "Node says:   %s%n", ip == null ? "no pod IP yet" : selfReport(client, fleetName, pod));
      out.printf("Events:%n");
      Table events = new Table("  AGE", "TYPE", "REASON", "MESSAGE");
      FleetEventList.of(client, fleetName).stream()
          .filter(event -> event.getMessage() != null && event.getMessage().contains(node))
          .forEach(
              event ->
                  events.row(
                      "  " + KubectlAge.of(FleetEventList.when(event), now),
                      event.getType(),
                      event.getReason(),
                      event.getMessage()));
      events.print(out);
      return ExitCodes.OK;
    }
  }

  private int describe(DirectNode direct) throws InterruptedException {
    NodeState state = direct.state("describe the node");
    PrintWriter out = spec.commandLine().getOut();
    out.printf("Name:        %s%n", state.nodeId());
    out.printf("Admin URL:   %s (admin API version %d)%n", direct.url(), state.adminApiVersion());
    out.printf("Gateway:     %s%n", state.gatewayUrl());
    out.printf("Phase:       %s, %s%n", state.phase(), state.ready() ? "ready" : "not ready");
    out.printf(
        "Placement:   epoch %d, %d slots with guilds, %d guilds loaded (%d staged by handoffs)%n",
        state.epoch(), state.slots().size(), state.guilds(), state.stagedGuilds());
    out.printf(
        "Sessions:    %d attached of %d kept, %d users%n",
        state.sessions().attached(), state.sessions().total(), state.users());
    out.flush();
    return ExitCodes.OK;
  }

  /** What the node says of itself, or why it could not be asked. */
  private String selfReport(KubernetesClient client, String fleet, Pod pod) {
    String token = NodeAdmins.token(client, fleet).orElse(null);
    if (token == null) {
      return "cannot ask it: the fleet's Secret is not readable";
    }
    HttpNodeAdminClient admin = NodeAdmins.of(pod, token).orElse(null);
    if (admin == null) {
      return "cannot ask it: its pod has no IP yet";
    }
    String url = admin.baseUrl();
    try {
      NodeState state = admin.state().get(NodeAdmins.TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
      return state.phase()
          + (state.ready() ? ", ready" : ", not ready")
          + ", epoch "
          + state.epoch()
          + ", "
          + state.slots().size()
          + " slots with guilds, "
          + state.guilds()
          + " guilds, "
          + state.sessions().attached()
          + " of "
          + state.sessions().total()
          + " sessions attached";
    } catch (Exception unreachable) {
      Throwable cause =
          unreachable instanceof CompletionException || unreachable.getCause() != null
              ? unreachable.getCause()
              : unreachable;
      return "not reachable from here at " + url + " (" + cause + ")";
    }
  }
}
