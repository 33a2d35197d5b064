package io.rtfleet.controller.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.rtfleet.api.crd.FleetNodeStatus;
import io.rtfleet.api.crd.RealtimeFleetStatus;
import io.rtfleet.controller.model.FleetLabels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When a failed pod halts its revision, and when it is only a node to fail over. */
class StartFailuresTest {
  private static Pod pod(String name, String revision, String phase) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(FleetLabels.pod("chat", revision))
        .endMetadata()
        .withNewStatus()
        .withPhase(phase)
        .withMessage("the node exited with code 1")
        .endStatus()
        .build();
  }

  private static FleetNodeStatus node(String name, boolean served) {
    FleetNodeStatus node = new FleetNodeStatus();
    node.setName(name);
    node.setServed(served);
    return node;
  }

  @Test
  void aPodOfTheUpdateRevisionThatFailedBeforeItEverServedHaltsThatRevision() {
    RealtimeFleetStatus status = new RealtimeFleetStatus();
    status.setNodes(List.of(node("chat-0", true), node("chat-3", false)));

    var halt =
        StartFailures.halt(
            status,
            "new",
            List.of(pod("chat-0", "old", "Running"), pod("chat-3", "new", "Failed")),
            Map.of());

    assertThat(halt)
        .get()
        .asString()
        .contains("revision new halted", "chat-3", "exited with code 1");
    assertThat(status.getHaltedRevision()).isEqualTo("new");
    assertThat(status.getHaltReason()).startsWith("chat-3 failed before it was ever ready");
    assertThat(StartFailures.halt(status, "new", List.of(pod("chat-3", "new", "Failed")), Map.of()))
        .as("halted once")
        .isEmpty();
  }

  @Test
  void aStuckPodOfTheUpdateRevisionHaltsItWithWhatKeepsItStuck() {
    RealtimeFleetStatus status = new RealtimeFleetStatus();
    status.setNodes(List.of(node("chat-3", false)));

    assertThat(
            StartFailures.halt(
                status,
                "new",
                List.of(pod("chat-3", "new", "Pending")),
                Map.of("chat-3", "stuck: ImagePullBackOff")))
        .isPresent();
    assertThat(status.getHaltReason())
        .isEqualTo("chat-3 never became ready: stuck: ImagePullBackOff");
  }

  @Test
  void aNodeThatServedAndDiedIsAFailoverNotAHalt() {
    RealtimeFleetStatus status = new RealtimeFleetStatus();
    status.setNodes(List.of(node("chat-1", true)));

    assertThat(StartFailures.halt(status, "new", List.of(pod("chat-1", "new", "Failed")), Map.of()))
        .isEmpty();
    assertThat(status.getHaltedRevision()).isNull();
  }

  @Test
  void aFailedPodOfAnOlderRevisionHaltsNothingAndANewTemplateClearsAHalt() {
    RealtimeFleetStatus status = new RealtimeFleetStatus();
    status.setHaltedRevision("bad");
    status.setHaltReason("chat-3 failed before it was ever ready");

    assertThat(
            StartFailures.halt(status, "fixed", List.of(pod("chat-2", "bad", "Failed")), Map.of()))
        .isEmpty();
    assertThat(status.getHaltedRevision()).isNull();
    assertThat(status.getHaltReason()).isNull();
  }
}
