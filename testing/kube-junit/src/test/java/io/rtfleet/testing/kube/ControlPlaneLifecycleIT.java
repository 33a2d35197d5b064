package io.rtfleet.testing.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The harness leaves no process behind, whether it is closed or its launcher is killed. */
@Tag("kube")
class ControlPlaneLifecycleIT {

  @Test
  void closingStopsEveryComponentAndRemovesItsFiles() {
    KubeControlPlane cluster = KubeControlPlane.start(HarnessBinaries.locate());
    List<Long> processes = cluster.processIds();
    System.err.println("control plane started in " + cluster.startup().toMillis() + " ms");
    assertThat(processes).hasSize(4); // the launcher, etcd, kube-apiserver, kube-controller-manager

    cluster.close();

    assertThat(processes).allSatisfy(pid -> assertThat(alive(pid)).as("process %d", pid).isFalse());
    assertThat(cluster.workDir()).doesNotExist();
  }

  @Test
  void killingTheLauncherTakesTheComponentsWithIt() throws Exception {
    KubeControlPlane cluster = KubeControlPlane.start(HarnessBinaries.locate());
    List<Long> processes = cluster.processIds();
    try {
      ProcessHandle.of(processes.get(0)).orElseThrow().destroyForcibly(); // kill -9

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> assertThat(processes).allSatisfy(pid -> assertThat(alive(pid)).isFalse()));
    } finally {
      cluster.close();
      if (Files.exists(cluster.workDir())) {
        try (var files = Files.walk(cluster.workDir())) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  private static boolean alive(long pid) {
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    return process.isPresent() && process.get().isAlive();
  }
}
