package io.rtfleet.controller;

import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.localkube.LocalKube;
import io.rtfleet.localkube.LocalKubelet;
import io.rtfleet.testing.kube.KubeControlPlane;
import io.rtfleet.testing.kube.ShippedManifests;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * An operated cluster on one machine, as {@code rtctl dev up} starts it: the local Kubernetes (mock
 * API server, one embedded PostgreSQL, the local kubelet running node pods as processes) and the
 * operator; plus a namespace with the database's Secret.
 */
public final class LocalCluster implements AutoCloseable {
  /** What rtfleet ships in the checkout's {@code manifests/}. */
  public static final ShippedManifests MANIFESTS = new ShippedManifests(Path.of("..", "manifests"));

  private static final Path NODE_JAR =
      Path.of("..", "realtime-node", "target", "realtime-node.jar");

  private final LocalKube kube;
  private final KubernetesClient operatorClient;
  private RtfleetOperator operator;
  private final String namespace;

  private LocalCluster(
      LocalKube kube, KubernetesClient operatorClient, RtfleetOperator operator, String namespace) {
    this.kube = kube;
    this.operatorClient = operatorClient;
    this.operator = operator;
    this.namespace = namespace;
  }

  public static LocalCluster start(Path directory, String namespace) throws Exception {
    LocalKube kube = LocalKube.start(NODE_JAR, directory);
    kube.namespace(namespace);
    return new LocalCluster(
        kube, kube.client(), RtfleetOperator.start(kube.client(), Clock.systemUTC()), namespace);
  }

  /**
   * The same on a real API server: what rtfleet ships installed on it ({@link ShippedManifests}),
   * and the operator run with its own ServiceAccount's token, under the RBAC it ships.
   */
  public static LocalCluster onRealApiServer(
      KubeControlPlane plane, Path directory, String namespace) throws Exception {
    KubernetesClient admin = plane.client();
    MANIFESTS.install(admin);
    LocalKube kube = LocalKube.on(admin, NODE_JAR, directory);
    kube.namespace(namespace);
    KubernetesClient operatorClient = ShippedManifests.operatorClient(plane, admin);
    return new LocalCluster(
        kube, operatorClient, RtfleetOperator.start(operatorClient, Clock.systemUTC()), namespace);
  }

  /**
   * Stops the operator, wherever it is in its work (as when its pod is deleted), and starts a new
   * one on the same API server, which knows only what the resources and the nodes say.
   */
  public void restartOperator() {
    operator.close();
    operator = RtfleetOperator.start(operatorClient, Clock.systemUTC());
  }

  /** The operator's own client: on a real API server, its ServiceAccount's. */
  public KubernetesClient operatorClient() {
    return operatorClient;
  }

  public KubernetesClient client() {
    return kube.client();
  }

  public LocalKubelet kubelet() {
    return kube.kubelet();
  }

  /** A fleet of {@code replicas} small nodes on the shared database, not created yet. */
  public RealtimeFleet fleet(String name, int replicas) {
    RealtimeFleet fleet = SampleFleets.fleet(namespace, name, replicas);
    fleet
        .getSpec()
        .getDatabase()
        .setPasswordSecret(new SecretKeySelector("password", LocalKube.DATABASE_SECRET, false));
    fleet.getSpec().getTemplate().setJvmOptions(List.of("-Xmx256m"));
    return fleet;
  }

  /** The fleet as the API server has it now, with a status. */
  public RealtimeFleet read(String name) {
    RealtimeFleet fleet =
        client().resources(RealtimeFleet.class).inNamespace(namespace).withName(name).get();
    if (fleet == null || fleet.getStatus() == null) {
      throw new AssertionError("fleet " + name + " has no status yet");
    }
    return fleet;
  }

  @Override
  public void close() throws Exception {
    operator.close();
    kube.close();
  }
}
