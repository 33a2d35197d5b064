package io.rtfleet.controller.rebalance;

import io.rtfleet.controller.LocalCluster;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RebalanceScenario} on the mock API server. */
class RebalanceIT {
  private static final String NAMESPACE = "rebalanced";

  @TempDir static Path directory;
  private static LocalCluster cluster;
  private static RebalanceScenario scenario;

  @BeforeAll
  static void start() throws Exception {
    cluster = LocalCluster.start(directory, NAMESPACE);
    scenario = new RebalanceScenario(cluster, NAMESPACE);
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.close();
  }

  @Test
  void aProposalWaitsForApprovalAndARebalanceSurvivesAnOperatorRestart() {
    scenario.aProposalWaitsForApprovalAndARebalanceSurvivesAnOperatorRestart();
  }

  @Test
  void aRebalanceThatCannotBeDoneSaysWhy() {
    scenario.aRebalanceThatCannotBeDoneSaysWhy();
  }
}
