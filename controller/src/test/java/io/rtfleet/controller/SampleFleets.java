package io.rtfleet.controller;

import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.rtfleet.api.crd.DatabaseSpec;
import io.rtfleet.api.crd.NodeTemplate;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.api.crd.RealtimeFleetSpec;

/** The smallest valid fleets: an image, a database Secret, some replicas. */
public final class SampleFleets {
  private SampleFleets() {}

  public static RealtimeFleetSpec spec(int replicas) {
    NodeTemplate template = new NodeTemplate();
    template.setImage("ghcr.io/rtfleet/realtime-node:0.1.0");
    DatabaseSpec database = new DatabaseSpec();
    database.setUrlSecret(new SecretKeySelector("url", "database", false));
    RealtimeFleetSpec spec = new RealtimeFleetSpec();
    spec.setReplicas(replicas);
    spec.setTemplate(template);
    spec.setDatabase(database);
    return spec;
  }

  public static RealtimeFleet fleet(String namespace, String name, int replicas) {
    RealtimeFleet fleet = new RealtimeFleet();
    fleet.getMetadata().setName(name);
    fleet.getMetadata().setNamespace(namespace);
    fleet.setSpec(spec(replicas));
    return fleet;
  }
}
