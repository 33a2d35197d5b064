package io.rtfleet.localkube;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the kubelet for node pods on one machine: for every pod labelled {@code
 * app.kubernetes.io/name=realtime-node} on the API server it runs a real realtime-node process (the
 * image is the node jar), on a loopback address of its own, and reports the pod's IP, phase and
 * {@code Ready} condition from the readiness probe. A pod deleted gets SIGTERM, then SIGKILL after
 * its grace period; a finalizer keeps the pod on the API server until its process has exited, so
 * that, as in a cluster, no new pod of the same name starts beside a node still draining. A process
 * that dies marks its pod failed; it is not restarted (node pods do not restart in place: the
 * operator replaces them).
 *
 * <p>One thread decides (the informer's events and the probes are queued onto it); stopping a
 * process, which may take a grace period, happens beside it.
 */
public final class LocalKubelet implements AutoCloseable {
  public static final String FINALIZER = "rtfleet.io/local-kubelet";
  private static final Logger LOG = LoggerFactory.getLogger(LocalKubelet.class);
  private static final Duration PROBE_PERIOD = Duration.ofMillis(500);
  private static final Duration RETRY = Duration.ofSeconds(1);

  private final KubernetesClient client;
  private final Path nodeJar;
  private final Path directory;
  private final LocalServices services;
  private final LoopbackAddresses addresses = new LoopbackAddresses(new SecureRandom());
  private final Map<String, LocalPod> running = new ConcurrentHashMap<>();
  private final Map<String, Boolean> reportedReady = new ConcurrentHashMap<>();
  private final ScheduledExecutorService decisions =
      Executors.newSingleThreadScheduledExecutor(runnable -> thread(runnable, "local-kubelet"));
  private final ExecutorService stopping =
      Executors.newCachedThreadPool(runnable -> thread(runnable, "local-kubelet-stop"));
  private SharedIndexInformer<Pod> informer;

  /** Kills the nodes if this JVM exits without closing the kubelet: no process is left behind. */
  private final Thread orphanGuard =
      new Thread(
          () -> running.values().forEach(pod -> pod.process().destroyForcibly()),
          "local-kubelet-orphan-guard");

  private LocalKubelet(KubernetesClient client, Path nodeJar, Path directory) {
    this.client = client;
    // Absolute: each node process runs in its pod's own directory, where what it writes lands.
    this.nodeJar = nodeJar.toAbsolutePath();
    this.directory = directory.toAbsolutePath();
    this.services =
        new LocalServices(client, () -> running.values().stream().map(LocalPod::endpoint).toList());
  }

  /**
   * Starts running the node pods of every namespace.
   *
   * @param nodeJar the realtime-node jar every node image stands for
   * @param directory where each pod gets a directory: its volumes and its log
   */
  public static LocalKubelet start(KubernetesClient client, Path nodeJar, Path directory) {
    LocalKubelet kubelet = new LocalKubelet(client, nodeJar, directory);
    Runtime.getRuntime().addShutdownHook(kubelet.orphanGuard);
    kubelet.informer =
        client
            .pods()
            .inAnyNamespace()
            .withLabel("app.kubernetes.io/name", "realtime-node")
            .inform(kubelet.new Events(), 0);
    kubelet.decisions.scheduleWithFixedDelay(
        kubelet::probe, PROBE_PERIOD.toMillis(), PROBE_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    return kubelet;
  }

  /**
   * Where a Service's port is reached on this machine: a loopback balancer over its ready pods, as
   * kube-proxy gives a cluster IP.
   */
  public InetSocketAddress serviceAddress(String namespace, String service, int port) {
    return services.address(namespace, service, port);
  }

  /**
   * Where a load generator's new connection to {@code address} goes: to a ready pod when it is a
   * Service's local address (no byte passes through this process, so it holds no file per
   * connection), else where it says.
   */
  public InetSocketAddress route(URI address) {
    return services.route(address);
  }

  /** The process ids of the pods' nodes, by {@code namespace/name}. */
  public Map<String, Long> processIds() {
    Map<String, Long> ids = new LinkedHashMap<>();
    running.forEach((key, pod) -> ids.put(key, pod.process().pid()));
    return ids;
  }

  private final class Events implements ResourceEventHandler<Pod> {
    @Override
    public void onAdd(Pod pod) {
      decisions.execute(() -> sync(pod));
    }

    @Override
    public void onUpdate(Pod before, Pod pod) {
      decisions.execute(() -> sync(pod));
    }

    @Override
    public void onDelete(Pod pod, boolean finalStateUnknown) {
      decisions.execute(() -> terminate(pod));
    }
  }

  private void sync(Pod pod) {
    String key = key(pod);
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      terminate(pod);
      return;
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    // A pod of the same name still stopping (an earlier one, replaced) is waited for: its exit
    // launches this one.
    if (running.containsKey(key) || "Failed".equals(phase) || "Succeeded".equals(phase)) {
      return;
    }
    launch(pod);
  }

  private void launch(Pod pod) {
    String key = key(pod);
    String address = addresses.take();
    Path podDirectory =
        directory.resolve(pod.getMetadata().getNamespace()).resolve(pod.getMetadata().getName());
    try {
      PodCommand command =
          PodCommand.of(
              pod,
              NodeJar.java(),
              nodeJar,
              podDirectory,
              address,
              new ApiSecrets(),
              services::localize);
      holdUntilStopped(pod);
      LocalPod started = LocalPod.start(pod, command, podDirectory, address);
      running.put(key, started);
      LOG.info("{}: node started at {} (pid {})", key, address, started.process().pid());
      started.process().onExit().thenRun(() -> decisions.execute(() -> exited(pod, started)));
      report(pod, "Running", address, false, null);
    } catch (UnsupportedPod unsupported) {
      addresses.release(address);
      if (unsupported.retryable()) {
        LOG.info("{}: waiting: {}", key, unsupported.getMessage());
        decisions.schedule(() -> retry(pod), RETRY.toMillis(), TimeUnit.MILLISECONDS);
      } else {
        report(pod, "Failed", null, false, unsupported.getMessage());
      }
    } catch (IOException | KubernetesClientException failed) {
      addresses.release(address);
      LOG.warn("{}: cannot start: {}", key, failed.toString());
      decisions.schedule(() -> retry(pod), RETRY.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void retry(Pod pod) {
    Pod now = current(pod);
    if (now != null) {
      sync(now);
    }
  }

  /** The pod as the API server has it now; null once it is gone. */
  private Pod current(Pod pod) {
    return client
        .pods()
        .inNamespace(pod.getMetadata().getNamespace())
        .withName(pod.getMetadata().getName())
        .get();
  }

  private void exited(Pod pod, LocalPod gone) {
    String key = key(pod);
    running.remove(key, gone);
    reportedReady.remove(key);
    addresses.release(gone.address());
    int code = gone.process().exitValue();
    Pod now = current(pod);
    if (now == null) {
      return;
    }
    if (!gone.runs(now)) {
      // The pod it ran is gone, and another of its name waits to be run.
      sync(now);
      return;
    }
    if (now.getMetadata().getDeletionTimestamp() != null) {
      release(now);
      return;
    }
    LOG.warn("{}: node exited with code {}", key, code);
    report(
        now,
        code == 0 ? "Succeeded" : "Failed",
        gone.address(),
        false,
        "the node exited with code " + code);
  }

  /** A pod being deleted: its node is stopped with the pod's grace period, then the pod goes. */
  private void terminate(Pod pod) {
    LocalPod local = running.get(key(pod));
    if (local == null || !local.runs(pod)) {
      release(pod);
      return;
    }
    // As a kubelet: the grace the deletion asked for (a real API server records it; Fabric8's mock
    // server does not), else the pod's own.
    long grace =
        pod.getMetadata().getDeletionGracePeriodSeconds() != null
            ? pod.getMetadata().getDeletionGracePeriodSeconds()
            : pod.getSpec().getTerminationGracePeriodSeconds() == null
                ? 30
                : pod.getSpec().getTerminationGracePeriodSeconds();
    stopping.execute(
        () -> {
          try {
            local.stop(Duration.ofSeconds(grace));
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
          }
        });
  }

  private void probe() {
    running.forEach(
        (key, local) -> {
          boolean ready = local.ready();
          Boolean before = reportedReady.put(key, ready);
          if (before == null || before != ready) {
            String[] parts = key.split("/", 2);
            Pod pod = client.pods().inNamespace(parts[0]).withName(parts[1]).get();
            if (pod != null
                && pod.getMetadata().getDeletionTimestamp() == null
                && local.runs(pod)) {
              report(pod, "Running", local.address(), ready, null);
            }
          }
        });
  }

  private void holdUntilStopped(Pod pod) {
    List<String> finalizers = pod.getMetadata().getFinalizers();
    if (finalizers != null && finalizers.contains(FINALIZER)) {
      return;
    }
    patchFinalizers(pod, List.of(FINALIZER));
  }

  /**
   * Lets the pod go: takes this kubelet's finalizer off, then deletes the pod again with no grace,
   * as a kubelet confirms that a pod's containers have stopped. A real API server removes a pod
   * bound to a Node only on that confirmation (an unbound one once its finalizers are gone);
   * Fabric8's mock server only on a delete.
   */
  private void release(Pod pod) {
    // Only that pod: by now a new one may have its name (a replaced node), and must stay as it is.
    Pod now = current(pod);
    if (now == null || !Objects.equals(now.getMetadata().getUid(), pod.getMetadata().getUid())) {
      return;
    }
    List<String> finalizers = now.getMetadata().getFinalizers();
    try {
      if (finalizers != null && finalizers.contains(FINALIZER)) {
        patchFinalizers(now, finalizers.stream().filter(f -> !f.equals(FINALIZER)).toList());
      }
      if (now.getMetadata().getDeletionTimestamp() != null) {
        client
            .pods()
            .inNamespace(now.getMetadata().getNamespace())
            .withName(now.getMetadata().getName())
            .withGracePeriod(0)
            .delete();
      }
    } catch (KubernetesClientException gone) {
      if (gone.getCode() != 404) {
        throw gone;
      }
    }
  }

  /** A JSON merge patch of the finalizers: the whole list, {@code null} for none. */
  private void patchFinalizers(Pod pod, List<String> finalizers) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("finalizers", finalizers.isEmpty() ? null : finalizers);
    client
        .pods()
        .inNamespace(pod.getMetadata().getNamespace())
        .withName(pod.getMetadata().getName())
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            Serialization.asJson(Map.of("metadata", metadata)));
  }

  private void report(Pod pod, String phase, String address, boolean ready, String message) {
    PodCondition condition =
        new PodConditionBuilder()
            .withType("Ready")
            .withStatus(ready ? "True" : "False")
            .withLastTransitionTime(Instant.now().toString())
            .build();
    try {
      client
          .pods()
          .inNamespace(pod.getMetadata().getNamespace())
          .withName(pod.getMetadata().getName())
          .editStatus(
              current ->
                  new PodBuilder(current)
                      .editOrNewStatus()
                      .withPhase(phase)
                      .withPodIP(address)
                      .withHostIP(address)
                      .withMessage(message)
                      .withConditions(condition)
                      .withContainerStatuses(containers(current, phase, ready, message))
                      .endStatus()
                      .build());
    } catch (KubernetesClientException failed) {
      LOG.warn("{}: status not reported: {}", key(pod), failed.getMessage());
    }
  }

  /**
   * The pod's one process as each of its containers' status, which kubectl's READY and RESTARTS
   * columns read: running (and ready when the pod is), or terminated once it failed.
   */
  private static List<ContainerStatus> containers(
      Pod pod, String phase, boolean ready, String message) {
    String now = Instant.now().toString();
    // Running since its first report: a change of readiness is reported again, not a restart.
    String started =
        pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
            ? now
            : pod.getStatus().getContainerStatuses().stream()
                .map(ContainerStatus::getState)
                .filter(seen -> seen != null && seen.getRunning() != null)
                .map(seen -> seen.getRunning().getStartedAt())
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(now);
    ContainerState state =
        "Running".equals(phase)
            ? new ContainerStateBuilder()
                .withNewRunning()
                .withStartedAt(started)
                .endRunning()
                .build()
            : new ContainerStateBuilder()
                .withNewTerminated()
                .withExitCode(1)
                .withReason("Error")
                .withMessage(message)
                .withFinishedAt(now)
                .endTerminated()
                .build();
    return pod.getSpec().getContainers().stream()
        .map(
            container ->
                new ContainerStatusBuilder()
                    .withName(container.getName())
                    .withImage(container.getImage())
                    .withImageID("")
                    .withReady(ready)
                    .withStarted("Running".equals(phase))
                    .withRestartCount(0)
                    .withState(state)
                    .build())
        .toList();
  }

  @Override
  public void close() throws InterruptedException {
    if (informer != null) {
      informer.stop();
    }
    decisions.shutdownNow();
    for (LocalPod local : running.values()) {
      local.stop(Duration.ofSeconds(10));
    }
    running.clear();
    stopping.shutdownNow();
    services.close();
    try {
      Runtime.getRuntime().removeShutdownHook(orphanGuard);
    } catch (IllegalStateException exiting) {
      // closed by a shutdown hook (SIGTERM to rtctl dev up): the guard runs anyway, and finds
      // nothing left to kill
    }
  }

  private final class ApiSecrets implements PodCommand.Secrets {
    @Override
    public byte[] read(String namespace, String secret, String key) {
      return readAll(namespace, secret).get(key);
    }

    @Override
    public Map<String, byte[]> readAll(String namespace, String secret) {
      Secret found = client.secrets().inNamespace(namespace).withName(secret).get();
      Map<String, byte[]> data = new LinkedHashMap<>();
      if (found == null) {
        return data;
      }
      if (found.getData() != null) {
        found.getData().forEach((key, value) -> data.put(key, Base64.getDecoder().decode(value)));
      }
      if (found.getStringData() != null) {
        found
            .getStringData()
            .forEach((key, value) -> data.put(key, value.getBytes(StandardCharsets.UTF_8)));
      }
      return data;
    }
  }

  private static String key(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }

  private static Thread thread(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    return thread;
  }
}
