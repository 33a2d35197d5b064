package io.rtfleet.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricsTextTest {
  private static final MetricsText TEXT =
      MetricsText.parse(
          """
          # HELP rtfleet_gateway_resumes_total RESUME attempts by outcome
          # TYPE rtfleet_gateway_resumes_total counter
          rtfleet_gateway_resumes_total{outcome="resumed"} 900.0
          rtfleet_gateway_resumes_total{outcome="invalid"} 7.0
          rtfleet_fanout_latency_seconds_bucket{le="+Inf"} 12
          not a sample
          rtfleet_gateway_identifies_total NaNish
          """);

  @Test
  void samplesAreSummedByNameAndByLabel() {
    assertThat(TEXT.sum("rtfleet_gateway_resumes_total")).isEqualTo(907.0);
    assertThat(TEXT.sum("rtfleet_gateway_resumes_total", "outcome", "invalid")).isEqualTo(7.0);
    assertThat(TEXT.samples().get(2).label("le")).isEqualTo("+Inf");
    assertThat(MetricsText.number("+Inf")).isInfinite();
  }

  @Test
  void linesThatAreNotSamplesAreLeftOut() {
    assertThat(TEXT.samples()).hasSize(3);
    assertThat(TEXT.has("rtfleet_gateway_identifies_total")).isFalse();
  }
}
