package io.rtfleet.localkube;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays kube-proxy for the Services node pods name (a node's public URL is its fleet's client
 * Service): one loopback TCP balancer per Service port, over the running pods its selector picks,
 * each new connection to a ready one. A URL that names a Service ({@code ws://chat.prod.svc:8080})
 * is turned into the balancer's; a Service not created yet makes the pod wait, as a pod waits for a
 * Secret.
 */
final class LocalServices implements AutoCloseable {
  private static final Pattern SERVICE_URL =
      Pattern.compile(
          "^(wss?|https?)://([a-z0-9]([-a-z0-9]*[a-z0-9])?)\\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)"
              + "\\.svc(\\.cluster\\.local)?(:(\\d+))?(/.*)?$");
  private static final Duration READINESS_POLL = Duration.ofMillis(500);

  /** A running pod as a Service sees it. */
  record Endpoint(
      String namespace,
      String name,
      Map<String, String> labels,
      String address,
      int probePort,
      String probePath) {}

  private final KubernetesClient client;
  private final Supplier<List<Endpoint>> endpoints;
  private final Map<String, GatewayBalancer> balancers = new ConcurrentHashMap<>();

  LocalServices(KubernetesClient client, Supplier<List<Endpoint>> endpoints) {
    this.client = client;
    this.endpoints = endpoints;
  }

  /** {@code value} with a Service URL in it made local; any other value as it is. */
  String localize(String value) {
    Matcher url = SERVICE_URL.matcher(value);
    if (!url.matches()) {
      return value;
    }
    String scheme = url.group(1);
    String service = url.group(2);
    String namespace = url.group(4);
    int port =
        url.group(8) == null ? (scheme.endsWith("s") ? 443 : 80) : Integer.parseInt(url.group(8));
    GatewayBalancer balancer = balancer(namespace, service, port);
    return scheme + "://127.0.0.1:" + balancer.port() + (url.group(9) == null ? "" : url.group(9));
  }

  /** The local address of a Service's port, starting its balancer if it has none yet. */
  InetSocketAddress address(String namespace, String service, int port) {
    return new InetSocketAddress("127.0.0.1", balancer(namespace, service, port).port());
  }

  /**
   * Where a new connection to {@code address} goes when it reaches a Service's balancer as
   * kube-proxy's NAT would take it: straight to the ready pod the balancer picks (see {@link
   * GatewayBalancer#route}). Any other address is left as it is.
   */
  InetSocketAddress route(URI address) {
    for (GatewayBalancer balancer : balancers.values()) {
      if (address.getPort() == balancer.port()) {
        return balancer.route(address);
      }
    }
    return new InetSocketAddress(address.getHost(), address.getPort());
  }

  private GatewayBalancer balancer(String namespace, String name, int port) {
    String key = namespace + "/" + name + ":" + port;
    GatewayBalancer running = balancers.get(key);
    if (running != null) {
      return running;
    }
    Service service = client.services().inNamespace(namespace).withName(name).get();
    if (service == null) {
      throw new UnsupportedPod("Service " + namespace + "/" + name + " does not exist yet", true);
    }
    ServicePort servicePort =
        service.getSpec().getPorts().stream()
            .filter(p -> p.getPort() == port)
            .findFirst()
            .orElseThrow(
                () ->
                    new UnsupportedPod(
                        "Service " + namespace + "/" + name + " has no port " + port));
    int target =
        servicePort.getTargetPort() == null || servicePort.getTargetPort().getIntVal() == null
            ? port
            : servicePort.getTargetPort().getIntVal();
    Map<String, String> selector = service.getSpec().getSelector();
    return balancers.computeIfAbsent(
        key,
        absent -> {
          try {
            return GatewayBalancer.start(
                () -> backends(namespace, selector, target), READINESS_POLL);
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting a balancer", interrupted);
          }
        });
  }

  private List<GatewayBalancer.Backend> backends(
      String namespace, Map<String, String> selector, int port) {
    List<GatewayBalancer.Backend> backends = new ArrayList<>();
    for (Endpoint endpoint : endpoints.get()) {
      if (endpoint.namespace().equals(namespace)
          && selector != null
          && endpoint.labels().entrySet().containsAll(selector.entrySet())) {
        backends.add(
            new GatewayBalancer.Backend(
                endpoint.name(),
                new InetSocketAddress(endpoint.address(), port),
                URI.create(
                    "http://"
                        + endpoint.address()
                        + ":"
                        + endpoint.probePort()
                        + endpoint.probePath())));
      }
    }
    return backends;
  }

  @Override
  public void close() {
    balancers.values().forEach(GatewayBalancer::close);
    balancers.clear();
  }
}
