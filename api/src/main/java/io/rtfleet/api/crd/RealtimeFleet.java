package io.rtfleet.api.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A fleet of realtime nodes ({@code kubectl get rtf}): the operator creates its node pods, places
 * its guilds, drains nodes before it removes them and rolls out new revisions node by node.
 */
@Group(RealtimeFleet.GROUP)
@Version(RealtimeFleet.VERSION)
@ShortNames("rtf")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public final class RealtimeFleet extends CustomResource<RealtimeFleetSpec, RealtimeFleetStatus>
    implements Namespaced {
  public static final String GROUP = "rtfleet.io";
  public static final String VERSION = "v1alpha1";
}
