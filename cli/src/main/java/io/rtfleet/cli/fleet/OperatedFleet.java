package io.rtfleet.cli.fleet;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rtfleet.api.crd.DatabaseSpec;
import io.rtfleet.api.crd.FleetNodeStatus;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.api.crd.RealtimeFleetSpec;
import io.rtfleet.cli.client.Target;
import io.rtfleet.controller.RtfleetOperator;
import io.rtfleet.controller.model.FleetLabels;
import io.rtfleet.controller.model.FleetObjects;
import io.rtfleet.controller.model.NodePods;
import io.rtfleet.localkube.LocalKube;
import io.rtfleet.testing.kube.KubeControlPlane;
import io.rtfleet.testing.kube.ShippedManifests;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A fleet run the way a cluster runs it, on this machine: the local Kubernetes (mock API server,
 * one embedded PostgreSQL, the local kubelet running each node pod as a process) and the operator
 * in this process, reconciling one {@code RealtimeFleet}. Clients reach it through its client
 * Service, as in a cluster.
 */
public final class OperatedFleet implements FleetUnderTest, AutoCloseable {
  /** Where the benches run their fleet. */
  public static final String BENCH = "bench";

  private final LocalKube kube;
  private final RtfleetOperator operator;
  private final KubeControlPlane apiServer;
  private final Path directory;
  private final boolean temporary;
  private final String namespace;
  private final String name;
  private volatile boolean keepLogs;

  private OperatedFleet(
      LocalKube kube,
      RtfleetOperator operator,
      KubeControlPlane apiServer,
      Path directory,
      boolean temporary,
      String namespace,
      String name) {
    this.kube = kube;
    this.operator = operator;
    this.apiServer = apiServer;
    this.directory = directory;
    this.temporary = temporary;
    this.namespace = namespace;
    this.name = name;
  }

  /**
   * Starts the local Kubernetes and the operator in a temporary directory (deleted on close unless
   * the logs are kept), creates the fleet {@value #BENCH} of {@code spec} in the namespace of that
   * name and waits until it is ready and balanced, printing its progress. The API server is {@code
   * real} (closed with the fleet), with what rtfleet ships installed on it and the operator run
   * with its own ServiceAccount's token, under the RBAC it ships; or, when null, Fabric8's mock in
   * this process.
   */
  public static OperatedFleet start(
      Path nodeJar,
      RealtimeFleetSpec spec,
      ApiServerOption.Real real,
      PrintWriter progress,
      Duration timeout)
      throws Exception {
    checkNodeJar(nodeJar);
    return start(
        nodeJar,
        Files.createTempDirectory("rtfleet-operated"),
        true,
        fleet(BENCH, BENCH, spec),
        real,
        progress,
        timeout);
  }

  /**
   * As {@link #start(Path, RealtimeFleetSpec, ApiServerOption.Real, PrintWriter, Duration)}, with
   * the database and the pods' files kept under {@code directory}, and {@code fleet} as it is given
   * but for its database, which is the local one (its image stands for the node jar).
   */
  public static OperatedFleet start(
      Path nodeJar,
      Path directory,
      RealtimeFleet fleet,
      ApiServerOption.Real real,
      PrintWriter progress,
      Duration timeout)
      throws Exception {
    checkNodeJar(nodeJar);
    return start(
        nodeJar,
        directory,
        false,
        fleet(fleet.getMetadata().getNamespace(), fleet.getMetadata().getName(), fleet.getSpec()),
        real,
        progress,
        timeout);
  }

  private static void checkNodeJar(Path nodeJar) throws IOException {
    if (!Files.isRegularFile(nodeJar)) {
      throw new IOException(
          "node jar not found: " + nodeJar + " (build it with 'mvn -q install -DskipTests')");
    }
  }

  private static OperatedFleet start(
      Path nodeJar,
      Path directory,
      boolean temporary,
      RealtimeFleet resource,
      ApiServerOption.Real real,
      PrintWriter progress,
      Duration timeout)
      throws Exception {
    KubeControlPlane plane = real == null ? null : real.plane();
    LocalKube kube;
    KubernetesClient operatorClient;
    try {
      if (plane == null) {
        progress.printf("  starting the API server, PostgreSQL and the local kubelet%n");
        progress.flush();
        kube = LocalKube.start(nodeJar, directory);
        operatorClient = kube.client();
      } else {
        progress.printf(
            "  installing the CRDs and the operator's RBAC from %s%n", real.manifests().file(""));
        progress.flush();
        KubernetesClient admin = plane.client();
        real.manifests().install(admin);
        progress.printf("  starting PostgreSQL and the local kubelet%n");
        progress.flush();
        kube = LocalKube.on(admin, nodeJar, directory);
        operatorClient = ShippedManifests.operatorClient(plane, admin);
      }
    } catch (Exception | Error failed) {
      if (plane != null) {
        plane.close();
      }
      throw failed;
    }
    OperatedFleet fleet;
    String namespace = resource.getMetadata().getNamespace();
    try {
      kube.namespace(namespace);
      fleet =
          new OperatedFleet(
              kube,
              RtfleetOperator.start(operatorClient, Clock.systemUTC()),
              plane,
              directory,
              temporary,
              namespace,
              resource.getMetadata().getName());
    } catch (Exception | Error failed) {
      try {
        kube.close();
      } finally {
        if (plane != null) {
          plane.close();
        }
      }
      throw failed;
    }
    fleet.create(resource, progress, timeout);
    return fleet;
  }

  /** Creates the fleet and waits until it has settled; closes everything if it does not. */
  private void create(RealtimeFleet resource, PrintWriter progress, Duration timeout)
      throws Exception {
    try {
      progress.printf(
          "  operator started; creating fleet %s/%s of %d nodes%n",
          namespace, resource.getMetadata().getName(), resource.getSpec().getReplicas());
      progress.flush();
      client().resource(resource).create();
      awaitSettled(progress, timeout);
    } catch (Exception | Error failed) {
      close();
      throw failed;
    }
  }

  private static RealtimeFleet fleet(String namespace, String name, RealtimeFleetSpec spec) {
    if (spec.getTemplate().getImage() == null) {
      spec.getTemplate().setImage("rtfleet/realtime-node:local");
    }
    DatabaseSpec database = new DatabaseSpec();
    database.setUrlSecret(new SecretKeySelector("url", LocalKube.DATABASE_SECRET, false));
    database.setPasswordSecret(new SecretKeySelector("password", LocalKube.DATABASE_SECRET, false));
    spec.setDatabase(database);
    RealtimeFleet fleet = new RealtimeFleet();
    fleet.getMetadata().setName(name);
    fleet.getMetadata().setNamespace(namespace);
    fleet.setSpec(spec);
    return fleet;
  }

  /**
   * Waits until the fleet has settled ({@link FleetWatch#settled}: every node ready, balanced,
   * nothing in progress); prints each change of its state.
   */
  private void awaitSettled(PrintWriter progress, Duration timeout) throws InterruptedException {
    if (!FleetWatch.follow(
        this::read,
        FleetWatch::describe,
        FleetWatch::nodesLeft,
        FleetWatch::settled,
        timeout,
        progress)) {
      throw new IllegalStateException(
          "the fleet did not settle within " + timeout.toSeconds() + " s");
    }
  }

  public KubernetesClient client() {
    return kube.client();
  }

  /** The admin's kubeconfig of the real API server the fleet runs on; none on the mock one. */
  public Optional<Path> kubeconfig() {
    return Optional.ofNullable(apiServer).map(KubeControlPlane::kubeconfig);
  }

  /** The fleet as the API server has it now; null before it exists. */
  public RealtimeFleet read() {
    return client().resources(RealtimeFleet.class).inNamespace(namespace).withName(name).get();
  }

  /** Changes the fleet's spec (a JSON patch of what {@code change} changed). */
  public void edit(UnaryOperator<RealtimeFleet> change) {
    client().resources(RealtimeFleet.class).inNamespace(namespace).withName(name).edit(change);
  }

  /** The fleet's node pods now, terminating ones included. */
  public List<Pod> pods() {
    return client()
        .pods()
        .inNamespace(namespace)
        .withLabel(FleetLabels.FLEET, name)
        .list()
        .getItems();
  }

  /**
   * The fleet as its clients and the bench reach it: REST and gateway through its client Service,
   * admin calls (minting tokens) to its first node.
   */
  public Target target() {
    InetSocketAddress service =
        kube.kubelet()
            .serviceAddress(namespace, FleetObjects.clientServiceName(name), NodePods.GATEWAY_PORT);
    Pod first =
        pods().stream()
            .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
            .min(Comparator.comparing(pod -> pod.getMetadata().getName()))
            .orElseThrow(() -> new IllegalStateException("the fleet has no node"));
    return new Target(
        "http://127.0.0.1:" + service.getPort(),
        "http://" + first.getStatus().getPodIP() + ":" + NodePods.ADMIN_PORT,
        adminToken());
  }

  private String adminToken() {
    return FleetObjects.adminToken(
        client().secrets().inNamespace(namespace).withName(FleetObjects.secretName(name)).get());
  }

  @Override
  public List<String> nodeIds() {
    return read().getStatus().getNodes().stream().map(FleetNodeStatus::getName).toList();
  }

  @Override
  public InetSocketAddress route(URI address) {
    return kube.kubelet().route(address);
  }

  @Override
  public Path keepLogs() {
    keepLogs = true;
    return directory;
  }

  @Override
  public void close() throws Exception {
    try {
      operator.close();
    } finally {
      try {
        kube.close();
      } finally {
        try {
          if (apiServer != null) {
            apiServer.close();
          }
        } finally {
          if (temporary && !keepLogs) {
            delete(directory);
          }
        }
      }
    }
  }

  /** Deletes {@code directory} and all under it. */
  public static void delete(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
