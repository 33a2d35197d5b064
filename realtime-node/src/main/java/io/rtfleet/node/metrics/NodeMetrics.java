package io.rtfleet.node.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.rtfleet.api.protocol.CloseCode;
import io.rtfleet.node.lanes.LaneMetrics;
import java.util.function.DoubleSupplier;

/** The node's Prometheus metrics, in one registry of its own (nodes may share a JVM in tests). */
public final class NodeMetrics implements LaneMetrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter identifies =
      Counter.builder()
          .name("rtfleet_gateway_identifies_total")
          .help("Sessions identified")
          .register(registry);
  private final Counter resumes =
      Counter.builder()
          .name("rtfleet_gateway_resumes_total")
          .help("RESUME attempts by outcome")
          .labelNames("outcome")
          .register(registry);
  private final Counter reconnectsDeferred =
      Counter.builder()
          .name("rtfleet_gateway_reconnects_deferred_total")
          .help("Identifies and resumes answered op 9 past the node's share of the fleet's budget")
          .labelNames("op")
          .register(registry);
  private final Counter closes =
      Counter.builder()
          .name("rtfleet_gateway_closes_total")
          .help("Connections closed by the node, by close code")
          .labelNames("code")
          .register(registry);
  private final Counter eventsIn =
      Counter.builder()
          .name("rtfleet_events_in_total")
          .help("Guild events created (after commit), by type")
          .labelNames("type")
          .register(registry);
  private final Counter deliveries =
      Counter.builder()
          .name("rtfleet_dispatches_delivered_total")
          .help("Dispatches stamped for sessions")
          .register(registry);
  private final Histogram fanoutLatency =
      Histogram.builder()
          .name("rtfleet_fanout_latency_seconds")
          .help("From an event's creation on its lane to its delivery to local sessions")
          .classicExponentialUpperBounds(0.0001, 2, 16)
          .register(registry);
  private final Histogram commitLatency =
      Histogram.builder()
          .name("rtfleet_db_commit_seconds")
          .help("Duration of one group commit")
          .classicExponentialUpperBounds(0.0005, 2, 14)
          .register(registry);

  private final Histogram writePause =
      Histogram.builder()
          .name("rtfleet_handoff_write_pause_seconds")
          .help("How long a guild's writes waited during a handoff of its slot")
          .classicExponentialUpperBounds(0.001, 2, 14)
          .register(registry);

  private final Counter connectionResets =
      Counter.builder()
          .name("rtfleet_client_connection_resets_total")
          .help("Client connections whose I/O failed (reset, broken pipe): clients that went away")
          .register(registry);

  private final Counter sessionPulls =
      Counter.builder()
          .name("rtfleet_session_pulls_total")
          .help("Requests from other nodes for a session that moved, by whether it was here")
          .labelNames("found")
          .register(registry);

  public NodeMetrics() {
    JvmMetrics.builder().register(registry);
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  public void gauge(String name, String help, DoubleSupplier value) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .callback(callback -> callback.call(value.getAsDouble()))
        .register(registry);
  }

  public void identified() {
    identifies.inc();
  }

  public void resumed(boolean succeeded) {
    resumes.labelValues(succeeded ? "resumed" : "invalid").inc();
  }

  /** An identify or a resume ({@code op}) put off: past the node's reconnect budget. */
  public void reconnectDeferred(String op) {
    reconnectsDeferred.labelValues(op).inc();
  }

  public void sessionPulled(boolean found) {
    sessionPulls.labelValues(Boolean.toString(found)).inc();
  }

  public void connectionReset() {
    connectionResets.inc();
  }

  public void closed(CloseCode code) {
    closes.labelValues(Integer.toString(code.code())).inc();
  }

  @Override
  public void eventCreated(String type) {
    eventsIn.labelValues(type).inc();
  }

  @Override
  public void delivered(int count) {
    deliveries.inc(count);
  }

  @Override
  public void fanoutSeconds(double seconds) {
    fanoutLatency.observe(seconds);
  }

  public void commitSeconds(double seconds) {
    commitLatency.observe(seconds);
  }

  public void writePauseSeconds(double seconds) {
    writePause.observe(seconds);
  }
}
