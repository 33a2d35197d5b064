package io.rtfleet.controller.fleet;

import io.rtfleet.controller.LocalCluster;
import io.rtfleet.testing.kube.KubeControlPlane;
import io.rtfleet.testing.kube.OnRealApiServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link OperatorRestartScenario} on a real API server, the operator under the RBAC it ships: the
 * status it carries the drain on from is what a real server stored (its status subresource, its
 * optimistic locking), not what the mock keeps.
 */
@OnRealApiServer
class RealApiServerOperatorRestartIT {
  @Test
  void anOperatorRestartedMidDrainCarriesTheRolloutOnWhereTheOldOneStopped(
      KubeControlPlane plane, @TempDir Path directory) throws Exception {
    try (LocalCluster cluster = LocalCluster.onRealApiServer(plane, directory, "restart")) {
      new OperatorRestartScenario(cluster, "restart").run();
    }
  }
}
