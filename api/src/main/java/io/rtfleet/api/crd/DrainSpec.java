package io.rtfleet.api.crd;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * How a node is drained: it goes unready, hands off its slots, then sends its sessions op 7 in
 * waves, so that they resume elsewhere without a reconnect storm.
 */
public final class DrainSpec {
  /** Sessions told to reconnect per wave. */
  @Min(1)
  @Max(100000)
  @Default("200")
  private Integer waveSize;

  /** Time between waves. */
  @Min(0)
  @Max(60000)
  @Default("500")
  private Integer waveIntervalMillis;

  /** Time for the Service to stop sending new clients once the node is unready. */
  @Min(0)
  @Max(300)
  @Default("5")
  private Integer readinessDelaySeconds;

  /** A drain that takes longer fails, and the node stays where it is. */
  @Min(10)
  @Max(86400)
  @Default("600")
  private Integer timeoutSeconds;

  public Integer getWaveSize() {
    return waveSize;
  }

  public void setWaveSize(Integer waveSize) {
    this.waveSize = waveSize;
  }

  public Integer getWaveIntervalMillis() {
    return waveIntervalMillis;
  }

  public void setWaveIntervalMillis(Integer waveIntervalMillis) {
    this.waveIntervalMillis = waveIntervalMillis;
  }

  public Integer getReadinessDelaySeconds() {
    return readinessDelaySeconds;
  }

  public void setReadinessDelaySeconds(Integer readinessDelaySeconds) {
    this.readinessDelaySeconds = readinessDelaySeconds;
  }

  public Integer getTimeoutSeconds() {
    return timeoutSeconds;
  }

  public void setTimeoutSeconds(Integer timeoutSeconds) {
    this.timeoutSeconds = timeoutSeconds;
  }
}
