package io.rtfleet.api.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A rebalance of one fleet's guilds ({@code kubectl get grb}), with KafkaRebalance's lifecycle:
 * {@code PendingProposal → ProposalReady → (approved) → Rebalancing → Ready}, or {@code Stopped},
 * or {@code NotReady} with the reason. Approved, stopped and refreshed through the annotation
 * {@value #ACTION_ANNOTATION} ({@code approve}, {@code stop}, {@code refresh}).
 */
@Group(RealtimeFleet.GROUP)
@Version(RealtimeFleet.VERSION)
@ShortNames("grb")
@AdditionalPrinterColumn(
    name = "Fleet",
    jsonPath = ".spec.fleet",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Mode",
    jsonPath = ".spec.mode",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public final class GuildRebalance extends CustomResource<GuildRebalanceSpec, GuildRebalanceStatus>
    implements Namespaced {
  public static final String ACTION_ANNOTATION = "rtfleet.io/rebalance";
}
