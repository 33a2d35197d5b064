package io.rtfleet.cli.ops;

import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * The node a {@code rtctl node} command works on: NODE, a pod of a fleet reached through
 * Kubernetes, or the node at {@code --admin-url}.
 */
final class NodeArgument {
  @Mixin KubeOptions kube;

  @Mixin DirectNodeOptions direct;

  @Parameters(
      arity = "0..1",
      paramLabel = "NODE",
      description = "The node (its pod's name); with --admin-url, the name the node must have.",
      completionCandidates = ResourceNames.Nodes.class)
  String node;

  /** Whether the command works on the node at --admin-url rather than through Kubernetes. */
  boolean direct() {
    return direct.given();
  }

  DirectNode openDirect(PrintWriter err) throws IOException {
    return direct.open(node, err);
  }

  /** NODE, which a command working through Kubernetes needs; a usage error without it. */
  String name() {
    if (node == null) {
      throw new IllegalArgumentException(
          "NODE is required (or --admin-url URL for one node outside Kubernetes)");
    }
    return node;
  }
}
