package io.rtfleet.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.api.crd.RealtimeFleetSpec;
import io.rtfleet.api.crd.RealtimeFleetStatus;
import io.rtfleet.cli.Rtctl;
import io.rtfleet.cli.TestKubeconfig;
import io.rtfleet.localkube.MockApiServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rtctl fleet list -w} as kubectl get -w: the listing, then a row per change. */
class ListWatchTest {
  @Test
  void aWatchedListPrintsARowForEachChangeAndTheLastOfOneThatWent(@TempDir Path directory)
      throws Exception {
    try (MockApiServer api = MockApiServer.start()) {
      KubernetesClient client = api.client();
      status(client, client.resource(fleet("chat")).create(), "1/2", 14L);
      client.resource(fleet("video")).create();
      Path kubeconfig =
          TestKubeconfig.write(directory, client.getMasterUrl().toString(), "default");
      StringWriter printed = new StringWriter();
      Thread watching =
          new Thread(
              () ->
                  Rtctl.commandLine()
                      .setOut(new PrintWriter(printed, true))
                      .setErr(new PrintWriter(new StringWriter(), true))
                      .execute("fleet", "list", "-w", "--kubeconfig", kubeconfig.toString()));
      watching.start();
      try {
        await().atMost(Duration.ofSeconds(20)).until(() -> lines(printed).size() == 3);
        assertThat(lines(printed).get(0)).startsWith("NAME").contains("SESSIONS");

        status(client, read(client, "chat"), "2/2", 20L);
        await()
            .atMost(Duration.ofSeconds(20))
            .untilAsserted(
                () ->
                    assertThat(lines(printed))
                        .hasSize(4)
                        .last()
                        .asString()
                        .startsWith("chat")
                        .contains("2/2", "20"));

        client.resources(RealtimeFleet.class).inNamespace("default").withName("video").delete();
        await()
            .atMost(Duration.ofSeconds(20))
            .untilAsserted(
                () -> assertThat(lines(printed)).hasSize(5).last().asString().startsWith("video"));
        // nothing changed since: the ages go on, nothing is printed
        assertThat(lines(printed).get(1)).startsWith("chat").contains("1/2", "14");
      } finally {
        watching.interrupt();
        watching.join(10_000);
      }
      assertThat(watching.isAlive()).as("Ctrl-C ends the watch").isFalse();
    }
  }

  private static List<String> lines(StringWriter printed) {
    return printed.toString().lines().toList();
  }

  private static RealtimeFleet fleet(String name) {
    RealtimeFleet fleet = new RealtimeFleet();
    fleet.getMetadata().setName(name);
    fleet.getMetadata().setNamespace("default");
    fleet.setSpec(new RealtimeFleetSpec());
    fleet.getSpec().setReplicas(2);
    return fleet;
  }

  private static RealtimeFleet read(KubernetesClient client, String name) {
    return client.resources(RealtimeFleet.class).inNamespace("default").withName(name).get();
  }

  private static void status(
      KubernetesClient client, RealtimeFleet fleet, String ready, long sessions) {
    RealtimeFleetStatus status = new RealtimeFleetStatus();
    status.setReady(ready);
    status.setSessions(sessions);
    fleet.setStatus(status);
    client.resource(fleet).updateStatus();
  }
}
