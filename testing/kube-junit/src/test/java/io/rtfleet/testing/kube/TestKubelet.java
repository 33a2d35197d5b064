package io.rtfleet.testing.kube;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Plays the kubelet of one Node for tests: registers the Node, reports each pod bound to it as
 * running and ready, and removes a pod once it is being deleted (as a kubelet does when its
 * containers have stopped). No container runs.
 */
final class TestKubelet implements AutoCloseable {

  private static final String RUNNING =
      """
      {"status":{"phase":"Running","conditions":[
        {"type":"PodScheduled","status":"True"},{"type":"Initialized","status":"True"},
        {"type":"ContainersReady","status":"True"},{"type":"Ready","status":"True"}]}}""";

  private final KubernetesClient client;
  private final ExecutorService work = Executors.newSingleThreadExecutor();
  private final Watch watch;

  TestKubelet(KubernetesClient client, String node) {
    this.client = client;
    client
        .nodes()
        .resource(new NodeBuilder().withNewMetadata().withName(node).endMetadata().build())
        .create();
    this.watch =
        client
            .pods()
            .inAnyNamespace()
            .withField("spec.nodeName", node)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, Pod pod) {
                    if (action != Action.DELETED) {
                      work.execute(() -> serve(pod));
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                });
  }

  private void serve(Pod pod) {
    var resource =
        client
            .pods()
            .inNamespace(pod.getMetadata().getNamespace())
            .withName(pod.getMetadata().getName());
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      resource.withGracePeriod(0).delete();
    } else if (!"Running".equals(pod.getStatus().getPhase())) {
      resource.subresource("status").patch(PatchContext.of(PatchType.STRATEGIC_MERGE), RUNNING);
    }
  }

  @Override
  public void close() {
    watch.close();
    work.shutdownNow();
  }
}
