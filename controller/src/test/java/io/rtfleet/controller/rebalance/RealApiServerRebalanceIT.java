package io.rtfleet.controller.rebalance;

import io.rtfleet.controller.LocalCluster;
import io.rtfleet.testing.kube.KubeControlPlane;
import io.rtfleet.testing.kube.OnRealApiServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RebalanceScenario} on a real API server, the operator under the RBAC it ships: a
 * GuildRebalance through its whole lifecycle (proposal, approval by annotation, batches, an
 * operator restart in the middle, Ready), and the ones that cannot be done.
 */
@OnRealApiServer
class RealApiServerRebalanceIT {
  @Test
  void aGuildRebalanceGoesThroughItsLifecycleAndOneThatCannotBeDoneSaysWhy(
      KubeControlPlane plane, @TempDir Path directory) throws Exception {
    try (LocalCluster cluster = LocalCluster.onRealApiServer(plane, directory, "rebalanced")) {
      RebalanceScenario scenario = new RebalanceScenario(cluster, "rebalanced");
      scenario.aProposalWaitsForApprovalAndARebalanceSurvivesAnOperatorRestart();
      scenario.aRebalanceThatCannotBeDoneSaysWhy();
    }
  }
}
