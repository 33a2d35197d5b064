package io.rtfleet.cli.dev;

import io.rtfleet.api.crd.DrainSpec;
import io.rtfleet.api.crd.NodeTemplate;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.api.crd.RealtimeFleetSpec;
import java.util.List;

/**
 * The fleet {@code rtctl dev up} runs when given none: small nodes (a laptop runs several) that
 * drain in seconds, so that a drain or a rollout tried by hand is over while one watches.
 */
final class Samples {
  private Samples() {}

  static RealtimeFleet fleet(String name, String namespace, int nodes) {
    NodeTemplate template = new NodeTemplate();
    template.setImage("ghcr.io/rtfleet/realtime-node:dev");
    template.setJvmOptions(List.of("-Xms256m", "-Xmx512m"));
    DrainSpec drain = new DrainSpec();
    drain.setReadinessDelaySeconds(1);
    drain.setWaveIntervalMillis(200);
    RealtimeFleetSpec spec = new RealtimeFleetSpec();
    spec.setReplicas(nodes);
    spec.setTemplate(template);
    spec.setDrain(drain);
    RealtimeFleet fleet = new RealtimeFleet();
    fleet.getMetadata().setName(name);
    fleet.getMetadata().setNamespace(namespace);
    fleet.setSpec(spec);
    return fleet;
  }
}
