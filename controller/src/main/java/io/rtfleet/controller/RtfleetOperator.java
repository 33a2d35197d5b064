package io.rtfleet.controller;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.rtfleet.controller.events.OperatorEvents;
import io.rtfleet.controller.fleet.FleetReconciler;
import io.rtfleet.controller.metrics.MetricsEndpoint;
import io.rtfleet.controller.metrics.OperatorMetrics;
import io.rtfleet.controller.rebalance.RebalanceReconciler;
import io.rtfleet.controller.webhook.EvictionWebhook;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * The rtfleet operator: the Java Operator SDK with the fleet and rebalance reconcilers, on a
 * Fabric8 client. Patches are JSON merge patches, never server-side apply, so that the same
 * operator runs against a real API server and against Fabric8's mock server ({@code rtctl dev up}),
 * which has no server-side apply.
 */
public final class RtfleetOperator implements AutoCloseable {
  /** The Lease replicas of the operator compete for. */
  public static final String LEASE = "rtfleet-operator";

  /**
   * Fleets reconciled at once. A reconcile mostly waits on the API server and the nodes; more
   * threads than this only queue there (the SDK's default of 50 made a reconcile take 0.3–1.5 s
   * when 200 fleets were declared at once on two cores).
   */
  private static final int RECONCILE_THREADS = 8;

  private final Operator operator;
  private final OperatorMetrics metrics;

  private RtfleetOperator(Operator operator, OperatorMetrics metrics) {
    this.operator = operator;
    this.metrics = metrics;
  }

  /**
   * The operator in a pod: the client from the pod's ServiceAccount (or the kubeconfig outside a
   * cluster), leader election on the Lease {@value #LEASE} in the pod's namespace so that a second
   * replica waits to take over. A replica that loses its Lease exits, to be restarted as a
   * follower: two leaders must never act on one fleet.
   */
  public static void main(String[] args) throws IOException {
    KubernetesClient client = new KubernetesClientBuilder().build();
    String namespace = System.getenv().getOrDefault("POD_NAMESPACE", "rtfleet-system");
    String identity = System.getenv().getOrDefault("POD_NAME", hostName());
    int metricsPort =
        Integer.parseInt(System.getenv().getOrDefault("RTFLEET_METRICS_PORT", "9090"));
    RtfleetOperator operator =
        start(
            client,
            Clock.systemUTC(),
            LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(LEASE)
                .withLeaseNamespace(namespace)
                .withIdentity(identity)
                .withExitOnStopLeading(true)
                .build());
    MetricsEndpoint endpoint =
        MetricsEndpoint.start(new InetSocketAddress(metricsPort), operator.metrics().registry());
    EvictionWebhook webhook = startWebhook(client, operator.metrics());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  operator.close();
                  endpoint.close();
                  if (webhook != null) {
                    webhook.close();
                  }
                },
                "operator-stop"));
  }

  /**
   * The eviction webhook, when {@code RTFLEET_WEBHOOK_CERT_DIR} names the mounted TLS Secret
   * ({@code tls.crt}, {@code tls.key}); on {@code RTFLEET_WEBHOOK_PORT} (8443), requiring client
   * certificates signed by {@code RTFLEET_WEBHOOK_CLIENT_CA} when that is set. Every replica serves
   * it, leader or not: it only marks pods, and the leader drains them.
   */
  private static EvictionWebhook startWebhook(KubernetesClient client, OperatorMetrics metrics)
      throws IOException {
    String directory = System.getenv("RTFLEET_WEBHOOK_CERT_DIR");
    if (directory == null || directory.isBlank()) {
      return null;
    }
    String clientCa = System.getenv("RTFLEET_WEBHOOK_CLIENT_CA");
    return EvictionWebhook.start(
        new InetSocketAddress(
            Integer.parseInt(System.getenv().getOrDefault("RTFLEET_WEBHOOK_PORT", "8443"))),
        Path.of(directory, "tls.crt"),
        Path.of(directory, "tls.key"),
        clientCa == null || clientCa.isBlank() ? null : Path.of(clientCa),
        client,
        new OperatorEvents(client, Clock.systemUTC()),
        metrics);
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
    return start(client, clock, election, new OperatorMetrics());
  }

  /** As above, its metrics kept in {@code metrics}. */
  public static RtfleetOperator start(
      KubernetesClient client,
      Clock clock,
      LeaderElectionConfiguration election,
      OperatorMetrics metrics) {
    Operator operator =
        new Operator(
            settings -> {
              settings
                  .withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withUseSSAToPatchPrimaryResource(false)
                  .withSSABasedCreateUpdateMatchForDependentResources(false)
                  .withConcurrentReconciliationThreads(RECONCILE_THREADS);
              if (election != null) {
                settings.withLeaderElectionConfiguration(election);
              }
            });
    operator.register(new FleetReconciler(client, clock, new SecureRandom(), metrics));
    operator.register(new RebalanceReconciler(client, clock));
    operator.start();
    return new RtfleetOperator(operator, metrics);
  }

  /** Its reconciles and the fleets it runs, as Prometheus reads them from {@code /metrics}. */
  public OperatorMetrics metrics() {
    return metrics;
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
