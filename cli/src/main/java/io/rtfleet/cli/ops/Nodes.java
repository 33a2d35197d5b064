package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.rtfleet.api.admin.NodeState;
import io.rtfleet.api.crd.FleetNodeStatus;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.cli.exit.ExitCodes;
import io.rtfleet.cli.exit.NotFound;
import io.rtfleet.controller.fleet.FleetNodes;
import io.rtfleet.controller.model.AnnotationPatch;
import io.rtfleet.controller.model.FleetLabels;
import io.rtfleet.controller.model.FleetSettings;
import io.rtfleet.controller.model.NodePods;
import io.rtfleet.coordinator.FleetSnapshot;
import io.rtfleet.localkube.KubectlAge;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;

/** A node by its name (its pod's), and the annotations through which the operator is asked. */
final class Nodes {
  private Nodes() {}

  /** The node's pod; a clear error when the namespace has no fleet node of that name. */
  static Pod read(KubernetesClient client, String node) {
    Pod pod = client.pods().inNamespace(client.getNamespace()).withName(node).get();
    if (pod == null
        || pod.getMetadata().getLabels() == null
        || !pod.getMetadata().getLabels().containsKey(FleetLabels.FLEET)) {
      throw new NotFound(
          "no fleet node "
              + node
              + " in namespace "
              + client.getNamespace()
              + " ('rtctl node list FLEET' lists them)");
    }
    return pod;
  }

  /** Sets an annotation on the node's pod (a JSON merge patch, which every API server takes). */
  static void annotate(KubernetesClient client, String node, String key, String value) {
    client
        .pods()
        .inNamespace(client.getNamespace())
        .withName(node)
        .patch(PatchContext.of(PatchType.JSON_MERGE), AnnotationPatch.of(key, value));
  }

  /**
   * Cordons the node or uncordons it, by the annotation the operator keeps it to; uncordoning
   * withdraws a drain that keeps the node ({@code rtfleet.io/drain=keep}) too, as {@code kubectl
   * uncordon} does after a drain.
   */
  static int setCordoned(KubeOptions kube, String node, boolean cordoned, PrintWriter out)
      throws IOException {
    try (KubernetesClient client = kube.client()) {
      Pod pod = read(client, node);
      boolean drainAsked =
          !cordoned
              && FleetLabels.DRAIN_AND_KEEP.equals(
                  NodePods.annotation(pod, FleetLabels.DRAIN_ANNOTATION));
      client
          .pods()
          .inNamespace(client.getNamespace())
          .withName(node)
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              drainAsked
                  ? AnnotationPatch.of(
                      FleetLabels.CORDON_ANNOTATION, "false", FleetLabels.DRAIN_ANNOTATION, null)
                  : AnnotationPatch.of(FleetLabels.CORDON_ANNOTATION, Boolean.toString(cordoned)));
      out.printf(
          "node %s %s%s%n",
          node,
          cordoned ? "cordoned" : "uncordoned",
          drainAsked ? " (its drain withdrawn: it keeps what it still holds)" : "");
      out.flush();
      return ExitCodes.OK;
    }
  }

  /** Cordons or uncordons a node outside Kubernetes through its admin API. */
  static int setCordoned(DirectNode node, boolean cordoned, PrintWriter out)
      throws InterruptedException {
    String doing = cordoned ? "cordon the node" : "uncordon the node";
    node.requireNamed(doing);
    NodeState now = node.call(doing, admin -> cordoned ? admin.cordon() : admin.uncordon());
    out.printf(
        "node %s %s (%s, %s)%n",
        now.nodeId(),
        cordoned ? "cordoned" : "uncordoned",
        now.phase(),
        now.ready() ? "ready" : "not ready");
    out.flush();
    return ExitCodes.OK;
  }

  /**
   * The fleet's status of its nodes as a table, each row's columns indented by {@code indent}; with
   * {@code message}, what each is doing beyond its phase (see {@link #doing}).
   */
  static Table statusTable(
      List<FleetNodeStatus> nodes, Instant now, String indent, boolean message) {
    Table table =
        new Table(
            indent + "NAME",
            "PHASE",
            "READY",
            "REVISION",
            "SLOTS",
            "SESSIONS",
            "GUILDS",
            "MESSAGE");
    for (FleetNodeStatus node : nodes) {
      String doing = doing(node, now);
      table.row(
          indent + node.getName(),
          node.getPhase(),
          node.isReady(),
          node.getRevision(),
          node.getSlots(),
          node.getSessions(),
          node.getGuilds(),
          doing == null ? "" : doing);
    }
    return message ? table : table.hidingLast(1);
  }

  /** What the node's pod asks of the operator, in words. */
  static String asked(Pod pod) {
    String drain = NodePods.annotation(pod, FleetLabels.DRAIN_ANNOTATION);
    if ("true".equals(drain)) {
      return "to be drained into a fresh node";
    }
    if (FleetLabels.DRAIN_AND_KEEP.equals(drain)) {
      return "to be drained into the other nodes, and kept cordoned";
    }
    return "true".equals(NodePods.annotation(pod, FleetLabels.CORDON_ANNOTATION))
        ? "cordoned"
        : "nothing";
  }

  /** The fleet's status of the node, null when it has none. */
  static FleetNodeStatus statusOf(RealtimeFleet fleet, String node) {
    return fleet.getStatus() == null || fleet.getStatus().getNodes() == null
        ? null
        : fleet.getStatus().getNodes().stream()
            .filter(status -> status.getName().equals(node))
            .findFirst()
            .orElse(null);
  }

  /**
   * What draining the node would do ({@link DrainPreview}), into a fresh node or into the others,
   * planned from what the fleet's nodes report now.
   */
  static String drainPreview(KubernetesClient client, String fleet, String node, boolean fresh) {
    FleetSettings settings = FleetSettings.of(Fleets.read(client, fleet).getSpec());
    FleetSnapshot seen =
        FleetNodes.of(
                NodeAdmins.pods(client, fleet),
                NodeAdmins.requiredToken(client, fleet),
                NodeAdmins.HTTP)
            .coordinator(settings)
            .observe();
    return DrainPreview.of(seen, node, settings, fresh);
  }

  static String fleetOf(Pod pod) {
    return pod.getMetadata().getLabels().get(FleetLabels.FLEET);
  }

  /**
   * What the fleet's status says a node is doing beyond its phase: since when it has not answered
   * (a lost node, failed over once the fleet's grace passes), or its message (a starting or stuck
   * one); null when nothing.
   */
  static String doing(FleetNodeStatus node, Instant now) {
    return node.getLostSince() != null
        ? "not answering since " + KubectlAge.of(node.getLostSince(), now) + " ago"
        : node.getMessage();
  }
}
