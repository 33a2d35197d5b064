package io.rtfleet.controller.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.rtfleet.controller.model.FleetObjects;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OwnedDriftTest {
  private static final OwnerReference OWNER =
      new OwnerReferenceBuilder()
          .withApiVersion("rtfleet.io/v1alpha1")
          .withKind("RealtimeFleet")
          .withName("chat")
          .withUid("1234")
          .withController(true)
          .build();

  @Test
  void whatTheServerAddsIsNotDriftButAnEditOfWhatTheOperatorSetIs() {
    Service desired = FleetObjects.clientService("ns", "chat", OWNER);
    Service served =
        new ServiceBuilder(desired)
            .editMetadata()
            .withResourceVersion("17")
            .withUid("abcd")
            .addToLabels("team", "chat")
            .endMetadata()
            .editSpec()
            .withClusterIP("10.0.0.7")
            .editFirstPort()
            .withProtocol("TCP")
            .endPort()
            .endSpec()
            .build();
    Service edited =
        new ServiceBuilder(served)
            .editSpec()
            .withSelector(Map.of("app", "other"))
            .endSpec()
            .build();
    Service portRemoved = new ServiceBuilder(served).editSpec().withPorts().endSpec().build();

    assertThat(OwnedDrift.differs(desired, served)).isFalse();
    assertThat(OwnedDrift.differs(desired, edited)).isTrue();
    assertThat(OwnedDrift.differs(desired, portRemoved)).isTrue();
  }
}
