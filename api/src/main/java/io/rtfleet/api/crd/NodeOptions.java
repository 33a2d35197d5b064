package io.rtfleet.api.crd;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** A node's gateway options; each unset one keeps the node's default. */
public final class NodeOptions {
  /** Heartbeat interval told to clients in HELLO. */
  @Min(1000)
  @Max(600000)
  private Long heartbeatIntervalMillis;

  /** How long a dropped session stays resumable. */
  @Min(0)
  @Max(86400)
  private Long resumeWindowSeconds;

  /** Gateway events a client may send per 60 s. */
  @Min(1)
  @Max(100000)
  private Integer clientEventsPerMinute;

  /** REST requests a user may make per second. */
  @Min(1)
  @Max(1000000)
  private Integer restRequestsPerSecond;

  /** Largest client payload. */
  @Min(512)
  @Max(1048576)
  private Integer maxPayloadBytes;

  /** Identify buckets per user. */
  @Min(1)
  @Max(64)
  private Integer maxConcurrency;

  /**
   * Identifies and resumes the whole fleet takes per second, shared evenly by its nodes; past a
   * node's share a client is answered op 9 and comes back 1 to 5 s later, so that a failover, a
   * drain or a deploy never becomes a reconnect storm. 0: no cap.
   */
  @Min(0)
  @Max(1000000)
  @Default("5000")
  private Integer fleetReconnectsPerSecond;

  public Long getHeartbeatIntervalMillis() {
    return heartbeatIntervalMillis;
  }

  public void setHeartbeatIntervalMillis(Long heartbeatIntervalMillis) {
    this.heartbeatIntervalMillis = heartbeatIntervalMillis;
  }

  public Long getResumeWindowSeconds() {
    return resumeWindowSeconds;
  }

  public void setResumeWindowSeconds(Long resumeWindowSeconds) {
    this.resumeWindowSeconds = resumeWindowSeconds;
  }

  public Integer getClientEventsPerMinute() {
    return clientEventsPerMinute;
  }

  public void setClientEventsPerMinute(Integer clientEventsPerMinute) {
    this.clientEventsPerMinute = clientEventsPerMinute;
  }

  public Integer getMaxPayloadBytes() {
    return maxPayloadBytes;
  }

  public void setMaxPayloadBytes(Integer maxPayloadBytes) {
    this.maxPayloadBytes = maxPayloadBytes;
  }

  public Integer getMaxConcurrency() {
    return maxConcurrency;
  }

  public void setMaxConcurrency(Integer maxConcurrency) {
    this.maxConcurrency = maxConcurrency;
  }

  public Integer getRestRequestsPerSecond() {
    return restRequestsPerSecond;
  }

  public void setRestRequestsPerSecond(Integer restRequestsPerSecond) {
    this.restRequestsPerSecond = restRequestsPerSecond;
  }

  public Integer getFleetReconnectsPerSecond() {
    return fleetReconnectsPerSecond;
  }

  public void setFleetReconnectsPerSecond(Integer fleetReconnectsPerSecond) {
    this.fleetReconnectsPerSecond = fleetReconnectsPerSecond;
  }
}
