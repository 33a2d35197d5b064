package io.rtfleet.controller;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.rtfleet.controller.fleet.FleetReconciler;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * The rtfleet operator: the Java Operator SDK with the fleet reconciler, on a Fabric8 client.
 * Patches are JSON merge patches, never server-side apply, so that the same operator runs against a
 * real API server and against Fabric8's mock server ({@code rtctl dev up}), which has no
 * server-side apply.
 */
public final class RtfleetOperator implements AutoCloseable {
  /** The Lease replicas of the operator compete for. */
  public static final String LEASE = "rtfleet-operator";

  private final Operator operator;

  private RtfleetOperator(Operator operator) {
    this.operator = operator;
  }

  /**
   * The operator in a pod: the client from the pod's ServiceAccount (or the kubeconfig outside a
   * cluster), leader election on the Lease {@value #LEASE} in the pod's namespace so that a second
   * replica waits to take over. A replica that loses its Lease exits, to be restarted as a
   * follower: two leaders must never act on one fleet.
   */
  public static void main(String[] args) {
    KubernetesClient client = new KubernetesClientBuilder().build();
    String namespace = System.getenv().getOrDefault("POD_NAMESPACE", "rtfleet-system");
    String identity = System.getenv().getOrDefault("POD_NAME", hostName());
    RtfleetOperator operator =
        start(
            client,
            Clock.systemUTC(),
            LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(LEASE)
                .withLeaseNamespace(namespace)
                .withIdentity(identity)
                .withExitOnStopLeading(true)
                .build());
    Runtime.getRuntime().addShutdownHook(new Thread(operator::close, "operator-stop"));
  }

  /** Starts reconciling every namespace the client may see; returns once the informers run. */
  public static RtfleetOperator start(KubernetesClient client, Clock clock) {
    return start(client, clock, null);
  }

  /**
   * Starts reconciling every namespace the client may see once it holds the Lease {@code election}
   * names (at once when {@code election} is null, for a single instance such as {@code rtctl dev
   * up}). Returns without waiting for the Lease.
   */
  public static RtfleetOperator start(
      KubernetesClient client, Clock clock, LeaderElectionConfiguration election) {
    Operator operator =
        new Operator(
            settings -> {
              settings
                  .withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withUseSSAToPatchPrimaryResource(false)
                  .withSSABasedCreateUpdateMatchForDependentResources(false);
              if (election != null) {
                settings.withLeaderElectionConfiguration(election);
              }
            });
    operator.register(new FleetReconciler(client, clock, new SecureRandom()));
    operator.start();
    return new RtfleetOperator(operator);
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException unknown) {
      return "rtfleet-operator-" + ProcessHandle.current().pid();
    }
  }

  @Override
  public void close() {
    operator.stop();
  }
}
