package io.rtfleet.localkube;

import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.HttpURLConnection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays kube-scheduler for node pods on a real API server, which the local kubelet runs wherever
 * they are bound: registers Kubernetes Nodes by name and binds each node pod that has none to the
 * schedulable Node with the fewest node pods. So that what works on Nodes works here: {@code
 * kubectl drain NODE} finds the pods bound to it (and cordons it, so that their replacements are
 * bound elsewhere). The mock API server has no binding subresource: there pods stay unbound.
 */
public final class LocalScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalScheduler.class);

  private final KubernetesClient client;
  private final List<String> nodes;
  private final ExecutorService binding =
      Executors.newSingleThreadExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "local-scheduler");
            thread.setDaemon(true);
            return thread;
          });
  private SharedIndexInformer<Pod> informer;

  private LocalScheduler(KubernetesClient client, List<String> nodes) {
    this.client = client;
    this.nodes = List.copyOf(nodes);
  }

  /** Registers {@code nodes} (those not there yet) and binds node pods to them from now on. */
  public static LocalScheduler start(KubernetesClient client, List<String> nodes) {
    LocalScheduler scheduler = new LocalScheduler(client, nodes);
    for (String name : nodes) {
      if (client.nodes().withName(name).get() == null) {
        client
            .nodes()
            .resource(new NodeBuilder().withNewMetadata().withName(name).endMetadata().build())
            .create();
      }
    }
    scheduler.informer =
        client
            .pods()
            .inAnyNamespace()
            .withLabel("app.kubernetes.io/name", "realtime-node")
            .inform(scheduler.new Unbound(), 0);
    return scheduler;
  }

  private final class Unbound implements ResourceEventHandler<Pod> {
    @Override
    public void onAdd(Pod pod) {
      binding.execute(() -> bind(pod));
    }

    @Override
    public void onUpdate(Pod before, Pod pod) {
      binding.execute(() -> bind(pod));
    }

    @Override
    public void onDelete(Pod pod, boolean finalStateUnknown) {}
  }

  private void bind(Pod pod) {
    if (pod.getSpec().getNodeName() != null || pod.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    String node =
        nodes.stream()
            .filter(this::schedulable)
            .min(Comparator.comparingLong(this::podsOn))
            .orElse(null);
    if (node == null) {
      LOG.warn("{}: no schedulable node among {}", pod.getMetadata().getName(), nodes);
      return;
    }
    try {
      client
          .bindings()
          .inNamespace(pod.getMetadata().getNamespace())
          .resource(
              new BindingBuilder()
                  .withNewMetadata()
                  .withName(pod.getMetadata().getName())
                  .withNamespace(pod.getMetadata().getNamespace())
                  .endMetadata()
                  .withNewTarget()
                  .withApiVersion("v1")
                  .withKind("Node")
                  .withName(node)
                  .endTarget()
                  .build())
          .create();
      LOG.info("{}: bound to {}", pod.getMetadata().getName(), node);
    } catch (KubernetesClientException failed) {
      // Bound meanwhile (a conflict) or gone: the informer's next event says which.
      if (failed.getCode() != HttpURLConnection.HTTP_CONFLICT
          && failed.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
        LOG.warn("{}: cannot bind to {}: {}", pod.getMetadata().getName(), node, failed.toString());
      }
    }
  }

  private boolean schedulable(String name) {
    Node node = client.nodes().withName(name).get();
    return node != null && !Boolean.TRUE.equals(node.getSpec().getUnschedulable());
  }

  private long podsOn(String node) {
    return informer.getStore().list().stream()
        .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
        .filter(pod -> Objects.equals(node, pod.getSpec().getNodeName()))
        .count();
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.stop();
    }
    binding.shutdownNow();
  }
}
