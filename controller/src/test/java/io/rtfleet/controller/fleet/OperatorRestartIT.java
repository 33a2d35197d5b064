package io.rtfleet.controller.fleet;

import io.rtfleet.controller.LocalCluster;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link OperatorRestartScenario} on the mock API server. */
class OperatorRestartIT {
  @Test
  void anOperatorRestartedMidDrainCarriesTheRolloutOnWhereTheOldOneStopped(@TempDir Path directory)
      throws Exception {
    try (LocalCluster cluster = LocalCluster.start(directory, "restart")) {
      new OperatorRestartScenario(cluster, "restart").run();
    }
  }
}
