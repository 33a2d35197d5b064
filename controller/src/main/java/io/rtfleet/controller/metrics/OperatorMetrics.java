package io.rtfleet.controller.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Summary;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.rtfleet.api.crd.FleetNodeStatus;
import io.rtfleet.api.crd.RealtimeFleetStatus;
import java.time.Duration;
import java.util.List;

/**
 * The operator's Prometheus metrics, in a registry of its own: reconciles (how many, how long,
 * which failed), and per fleet its nodes by phase, its operation in progress and its rollout's
 * progress.
 */
public final class OperatorMetrics {
  private static final List<String> PHASES =
      List.of("Starting", "Active", "Draining", "Drained", "Cordoned", "Lost");
  private static final List<String> OPERATIONS =
      List.of("ScaleDown", "Rollout", "Replace", "PodDeleted");

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter reconciles =
      Counter.builder()
          .name("rtfleet_operator_reconciles_total")
          .help("Reconciles of a RealtimeFleet, by outcome (ok, error)")
          .labelNames("outcome")
          .register(registry);
  private final Summary reconcileSeconds;
  private final Gauge nodes =
      Gauge.builder()
          .name("rtfleet_operator_fleet_nodes")
          .help("A fleet's nodes by phase, as its last reconcile saw them")
          .labelNames("namespace", "fleet", "phase")
          .register(registry);
  private final Gauge operations =
      Gauge.builder()
          .name("rtfleet_operator_operation_in_progress")
          .help("1 while a fleet has an operation of this kind in progress")
          .labelNames("namespace", "fleet", "kind")
          .register(registry);
  private final Gauge updated =
      Gauge.builder()
          .name("rtfleet_operator_rollout_updated_nodes")
          .help("A fleet's nodes that run its current template")
          .labelNames("namespace", "fleet")
          .register(registry);
  private final Counter evictions =
      Counter.builder()
          .name("rtfleet_operator_evictions_intercepted_total")
          .help(
              "Evictions of a fleet's node pods refused by the eviction webhook, by whether the"
                  + " refusal started the pod's drain (started) or found it draining (draining)")
          .labelNames("namespace", "fleet", "drain")
          .register(registry);

  /** Reconcile quantiles over the last ten minutes. */
  public OperatorMetrics() {
    this(Duration.ofMinutes(10));
  }

  /** Reconcile quantiles over the last {@code window}. */
  public OperatorMetrics(Duration window) {
    reconcileSeconds =
        Summary.builder()
            .name("rtfleet_operator_reconcile_seconds")
            .help("How long one reconcile of a RealtimeFleet took")
            .quantile(0.5, 0.01)
            .quantile(0.9, 0.005)
            .quantile(0.99, 0.001)
            .maxAgeSeconds(window.toSeconds())
            .register(registry);
    JvmMetrics.builder().register(registry);
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  /** One reconcile took {@code nanos}; {@code ok} unless it threw. */
  public void reconciled(long nanos, boolean ok) {
    reconciles.labelValues(ok ? "ok" : "error").inc();
    reconcileSeconds.observe(nanos / 1e9);
  }

  /** What the fleet's status says now. */
  public void fleet(String namespace, String fleet, RealtimeFleetStatus status) {
    for (String phase : PHASES) {
      long count =
          status.getNodes() == null
              ? 0
              : status.getNodes().stream()
                  .map(FleetNodeStatus::getPhase)
                  .filter(phase::equals)
                  .count();
      nodes.labelValues(namespace, fleet, phase).set(count);
    }
    String kind = status.getOperation() == null ? null : status.getOperation().getKind();
    for (String operation : OPERATIONS) {
      operations.labelValues(namespace, fleet, operation).set(operation.equals(kind) ? 1 : 0);
    }
    updated
        .labelValues(namespace, fleet)
        .set(status.getUpdatedReplicas() == null ? 0 : status.getUpdatedReplicas());
  }

  /** The eviction webhook refused an eviction of one of the fleet's node pods. */
  public void evictionIntercepted(String namespace, String fleet, boolean startedDrain) {
    evictions.labelValues(namespace, fleet, startedDrain ? "started" : "draining").inc();
  }

  /** The fleet is gone: its series go too. */
  public void forget(String namespace, String fleet) {
    PHASES.forEach(phase -> nodes.remove(namespace, fleet, phase));
    OPERATIONS.forEach(operation -> operations.remove(namespace, fleet, operation));
    updated.remove(namespace, fleet);
  }

  /** The {@code quantile} of reconcile durations over the last minutes, in seconds. */
  public double reconcileQuantile(double quantile) {
    SummarySnapshot.SummaryDataPointSnapshot point =
        reconcileSeconds.collect().getDataPoints().get(0);
    for (var q : point.getQuantiles()) {
      if (q.getQuantile() == quantile) {
        return q.getValue();
      }
    }
    throw new IllegalArgumentException("no quantile " + quantile + " is kept");
  }

  /** Reconciles so far. */
  public long reconcileCount() {
    return reconcileSeconds.collect().getDataPoints().get(0).getCount();
  }
}
