package io.rtfleet.controller.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.rtfleet.api.crd.NodeOptions;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.controller.SampleFleets;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodePodsTest {
  private static List<String> args(RealtimeFleet fleet) {
    return NodePods.desired(
            "chat",
            "chat",
            new OwnerReferenceBuilder().withName("chat").withUid("u").build(),
            FleetSettings.of(fleet.getSpec()),
            "abc",
            "chat-0")
        .getSpec()
        .getContainers()
        .get(0)
        .getArgs();
  }

  @Test
  void aNodePodCarriesNoServiceAccountToken() {
    assertThat(
            NodePods.desired(
                    "chat",
                    "chat",
                    new OwnerReferenceBuilder().withName("chat").withUid("u").build(),
                    FleetSettings.of(SampleFleets.fleet("chat", "chat", 3).getSpec()),
                    "abc",
                    "chat-0")
                .getSpec()
                .getAutomountServiceAccountToken())
        .isFalse();
  }

  @Test
  void everyNodeIsGivenTheFleetsReconnectBudgetTheSchemasDefaultWhenTheSpecSaysNothing() {
    RealtimeFleet fleet = SampleFleets.fleet("chat", "chat", 3);
    assertThat(args(fleet)).containsSubsequence("--fleet-reconnects-per-second", "5000");

    NodeOptions options = new NodeOptions();
    options.setFleetReconnectsPerSecond(0);
    fleet.getSpec().getTemplate().setOptions(options);
    assertThat(args(fleet)).containsSubsequence("--fleet-reconnects-per-second", "0");
  }
}
