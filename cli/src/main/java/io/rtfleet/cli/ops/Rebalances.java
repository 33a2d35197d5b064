package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.rtfleet.api.crd.GuildRebalance;
import io.rtfleet.api.crd.RebalanceState;
import io.rtfleet.cli.exit.NotFound;
import io.rtfleet.controller.model.AnnotationPatch;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** Finding a GuildRebalance, asking the operator for an action on it, and following it. */
final class Rebalances {
  private static final Duration POLL = Duration.ofMillis(250);

  private Rebalances() {}

  static Resource<GuildRebalance> named(KubernetesClient client, String name) {
    return client.resources(GuildRebalance.class).inNamespace(client.getNamespace()).withName(name);
  }

  /** The rebalance; a clear error naming the namespace when there is none of that name. */
  static GuildRebalance read(KubernetesClient client, String name) {
    GuildRebalance rebalance = named(client, name).get();
    if (rebalance == null) {
      throw new NotFound(
          "no rebalance "
              + name
              + " in namespace "
              + client.getNamespace()
              + " ('rtctl rebalance list' lists them)");
    }
    return rebalance;
  }

  /** Sets the action annotation the operator acts on (and removes once it has). */
  static void ask(KubernetesClient client, String name, String action) {
    read(client, name);
    named(client, name)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            AnnotationPatch.of(GuildRebalance.ACTION_ANNOTATION, action));
  }

  static RebalanceState state(GuildRebalance rebalance) {
    return rebalance.getStatus() == null ? null : rebalance.getStatus().getState();
  }

  /**
   * Waits until the rebalance is in one of {@code states} (once the operator has taken the action
   * asked for: the annotation is gone), printing each change of state and of batches done. Returns
   * it as last seen; null on timeout.
   */
  static GuildRebalance follow(
      KubernetesClient client,
      String name,
      Set<RebalanceState> states,
      Duration timeout,
      PrintWriter out)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    String shown = null;
    while (Instant.now().isBefore(deadline)) {
      GuildRebalance rebalance = read(client, name);
      String line = line(rebalance);
      if (!line.equals(shown)) {
        out.println(line);
        out.flush();
        shown = line;
      }
      Map<String, String> annotations = rebalance.getMetadata().getAnnotations();
      // A merge patch's null deletes the key on an API server; the mock server keeps it as null.
      boolean asked =
          annotations != null && annotations.get(GuildRebalance.ACTION_ANNOTATION) != null;
      RebalanceState state = state(rebalance);
      if (!asked && state != null && states.contains(state)) {
        return rebalance;
      }
      Thread.sleep(POLL.toMillis());
    }
    return null;
  }

  /** One line of progress: the state, the batches, the condition's message. */
  static String line(GuildRebalance rebalance) {
    if (rebalance.getStatus() == null) {
      return "waiting for the operator";
    }
    StringBuilder line = new StringBuilder(String.valueOf(rebalance.getStatus().getState()));
    if (rebalance.getStatus().getBatches() != null) {
      line.append(", batches ").append(rebalance.getStatus().getBatches());
    }
    if (rebalance.getStatus().getConditions() != null
        && !rebalance.getStatus().getConditions().isEmpty()) {
      line.append(": ").append(rebalance.getStatus().getConditions().get(0).getMessage());
    }
    return line.toString();
  }
}
