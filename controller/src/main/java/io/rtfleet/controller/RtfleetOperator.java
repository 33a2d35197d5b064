package io.rtfleet.controller;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.rtfleet.controller.fleet.FleetReconciler;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * The rtfleet operator: the Java Operator SDK with the fleet reconciler, on a Fabric8 client.
 * Patches are JSON merge patches, never server-side apply, so that the same operator runs against a
 * real API server and against Fabric8's mock server ({@code rtctl dev up}), which has no
 * server-side apply.
 */
public final class RtfleetOperator implements AutoCloseable {
  private final Operator operator;

  private RtfleetOperator(Operator operator) {
    this.operator = operator;
  }

  /** Starts reconciling every namespace the client may see; returns once the informers run. */
  public static RtfleetOperator start(KubernetesClient client, Clock clock) {
    Operator operator =
        new Operator(
            settings ->
                settings
                    .withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withSSABasedCreateUpdateMatchForDependentResources(false));
    operator.register(new FleetReconciler(client, clock, new SecureRandom()));
    operator.start();
    return new RtfleetOperator(operator);
  }

  @Override
  public void close() {
    operator.stop();
  }
}
