package io.rtfleet.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * {@code rtctl bench rollout --api-server real}: FleetBenchIT's rollout under traffic, the fleet on
 * a real kube-apiserver (the test harness's), the operator under the RBAC it ships; the checker
 * finds nothing lost, repeated or reordered, and nobody identifies again.
 */
@Tag("kube")
@EnabledIfSystemProperty(
    named = "rtfleet.kube",
    matches = "true",
    disabledReason = "runs a real kube-apiserver: mvn verify -Pkube")
class RealApiServerBenchIT {
  @Test
  void anOperatorRolloutUnderTrafficOnARealApiServerLosesNothing() throws Exception {
    JsonNode report =
        FleetBenchIT.rolloutUnderTrafficLosesNothingAndNobodyIdentifiesAgain(
            "--api-server", "real");
    assertThat(report.get("apiServer").asText()).isEqualTo("real");
  }
}
