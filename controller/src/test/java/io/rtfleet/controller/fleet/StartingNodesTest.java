package io.rtfleet.controller.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StartingNodesTest {
  private static final Instant MADE = Instant.parse("2026-11-30T17:00:00Z");
  private static final Duration LOST_AFTER = Duration.ofSeconds(30);
  private static final Duration DEADLINE = Duration.ofSeconds(600);

  private static PodBuilder pod(String phase) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("chat-3")
        .withCreationTimestamp(MADE.toString())
        .endMetadata()
        .withNewStatus()
        .withPhase(phase)
        .endStatus();
  }

  private static StartingNodes.Start at(Pod pod, boolean answered, long seconds) {
    return StartingNodes.of(pod, answered, LOST_AFTER, DEADLINE, MADE.plusSeconds(seconds));
  }

  @Test
  void aNodeThatAnswersIsBusyStartingUntilTheDeadline() {
    Pod running = pod("Running").build();

    assertThat(at(running, true, 5))
        .isEqualTo(
            new StartingNodes.Start(
                false, "starting: opening its database and loading its guilds (5 s)"));
    assertThat(at(running, true, 599).stuck()).isFalse();
    assertThat(at(running, true, 600).stuck()).isTrue();
    assertThat(at(running, true, 600).message())
        .contains("still starting 600 s", "startDeadlineSeconds");
  }

  @Test
  void aNodeThatNeverAnswersIsStuckAfterTheLostGraceNotTheStartDeadline() {
    Pod running = pod("Running").build();

    assertThat(at(running, false, 29).stuck()).isFalse();
    assertThat(at(running, false, 30))
        .isEqualTo(
            new StartingNodes.Start(
                true, "stuck: its node has not answered in the 30 s since it was made"));
  }

  @Test
  void whatTheKubeletCannotGetPastIsStuckAtOnce() {
    Pod backingOff =
        pod("Pending")
            .editStatus()
            .addNewContainerStatus()
            .withName("node")
            .withNewState()
            .withNewWaiting()
            .withReason("ImagePullBackOff")
            .withMessage("Back-off pulling image \"rtfleet/realtime-node:nope\"")
            .endWaiting()
            .endState()
            .endContainerStatus()
            .endStatus()
            .build();

    assertThat(at(backingOff, false, 1))
        .isEqualTo(
            new StartingNodes.Start(
                true,
                "stuck: ImagePullBackOff: Back-off pulling image \"rtfleet/realtime-node:nope\""));
  }

  @Test
  void anUnschedulablePodSaysSoAndIsStuckAtTheDeadline() {
    Pod pending =
        pod("Pending")
            .editStatus()
            .addNewCondition()
            .withType("PodScheduled")
            .withStatus("False")
            .withReason("Unschedulable")
            .withMessage("0/3 nodes are available: 3 Insufficient memory.")
            .endCondition()
            .endStatus()
            .build();

    assertThat(at(pending, false, 60))
        .isEqualTo(
            new StartingNodes.Start(
                false, "pending: unschedulable: 0/3 nodes are available: 3 Insufficient memory."));
    assertThat(at(pending, false, 600).stuck()).isTrue();
  }

  @Test
  void onlyPodsThatNeverServedAndAreNotGoingAreStarting() {
    Pod running = pod("Running").build();
    assertThat(StartingNodes.starting(running, Set.of())).isTrue();
    assertThat(StartingNodes.starting(running, Set.of("chat-3"))).isFalse();
    assertThat(StartingNodes.starting(pod("Failed").build(), Set.of())).isFalse();
  }
}
