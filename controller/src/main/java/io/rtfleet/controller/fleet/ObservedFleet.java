package io.rtfleet.controller.fleet;

import io.fabric8.kubernetes.api.model.Pod;
import io.rtfleet.api.crd.OperationStatus;
import io.rtfleet.controller.model.FleetLabels;
import io.rtfleet.controller.model.FleetSettings;
import io.rtfleet.controller.model.NodePods;
import io.rtfleet.controller.rollout.FleetView;
import io.rtfleet.controller.rollout.NodeView;
import io.rtfleet.controller.rollout.RolloutPolicy;
import java.util.List;

/** A fleet's pods and status as the next-action decision reads them. Pure. */
final class ObservedFleet {
  private ObservedFleet() {}

  static FleetView view(
      String fleet,
      FleetSettings settings,
      String updateRevision,
      List<Pod> pods,
      OperationStatus operation,
      String halted) {
    List<NodeView> nodes =
        pods.stream()
            .map(
                pod ->
                    new NodeView(
                        pod.getMetadata().getName(),
                        pod.getMetadata().getLabels().get(FleetLabels.REVISION),
                        NodePods.ready(pod),
                        pod.getMetadata().getDeletionTimestamp() != null,
                        FleetNodes.stopping(pod),
                        replaceRequested(pod),
                        drainRequested(pod)))
            .toList();
    return new FleetView(
        fleet,
        settings.replicas(),
        updateRevision,
        new RolloutPolicy(
            settings.maxSurge(),
            settings.maxUnavailable(),
            settings.partition(),
            settings.paused()),
        nodes,
        operation == null ? null : operation.getNode(),
        halted);
  }

  /** Whether someone asked for the pod's node to be drained into a replacement. */
  static boolean replaceRequested(Pod pod) {
    return "true".equals(NodePods.annotation(pod, FleetLabels.DRAIN_ANNOTATION));
  }

  /** Whether someone asked for the pod's node to be drained into the others and kept. */
  static boolean drainRequested(Pod pod) {
    return FleetLabels.DRAIN_AND_KEEP.equals(
        NodePods.annotation(pod, FleetLabels.DRAIN_ANNOTATION));
  }
}
