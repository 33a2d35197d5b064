package io.rtfleet.controller.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtfleet.api.crd.OperationStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProgressDeadlineTest {
  private static final Instant STARTED = Instant.parse("2026-11-30T07:00:00Z");

  private static OperationStatus drain() {
    OperationStatus operation = new OperationStatus();
    operation.setKind("Rollout");
    operation.setNode("chat-1");
    operation.setStep("RECONNECTING");
    operation.setStepStarted(STARTED.toString());
    operation.setProgress("120 sessions left");
    return operation;
  }

  @Test
  void aStepWithinItsDeadlineGoesOn() {
    assertThat(ProgressDeadline.exceeded(drain(), Duration.ofSeconds(60), STARTED.plusSeconds(60)))
        .isEmpty();
    assertThat(ProgressDeadline.exceeded(null, Duration.ofSeconds(60), STARTED)).isEmpty();
  }

  @Test
  void aStepPastItsDeadlineIsReportedWithTheNodeTheStepAndItsProgress() {
    assertThat(ProgressDeadline.exceeded(drain(), Duration.ofSeconds(60), STARTED.plusSeconds(61)))
        .hasValueSatisfying(
            message ->
                assertThat(message)
                    .startsWith("Rollout of chat-1: step RECONNECTING has run 61 s")
                    .contains("deadline of 60 s", "120 sessions left"));
  }
}
