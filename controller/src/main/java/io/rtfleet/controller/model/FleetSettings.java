package io.rtfleet.controller.model;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.rtfleet.api.crd.DatabaseSpec;
import io.rtfleet.api.crd.DrainSpec;
import io.rtfleet.api.crd.FailoverSpec;
import io.rtfleet.api.crd.GuildOverride;
import io.rtfleet.api.crd.HealthGates;
import io.rtfleet.api.crd.NodeOptions;
import io.rtfleet.api.crd.NodeTemplate;
import io.rtfleet.api.crd.PlacementSpec;
import io.rtfleet.api.crd.RealtimeFleetSpec;
import io.rtfleet.api.crd.RolloutSpec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A fleet's spec with every default filled in and every rule checked: what the operator acts on.
 * The defaults and ranges are the CRD schema's (a real API server applies them before the operator
 * sees the resource); they are applied here again because Fabric8's mock server, which runs {@code
 * rtctl dev up}, has no schema. Pure: no client, no clock.
 */
public record FleetSettings(
    int replicas,
    String image,
    String imagePullPolicy,
    ResourceRequirements resources,
    List<String> jvmOptions,
    List<EnvVar> env,
    NodeOptions nodeOptions,
    SecretKeySelector databaseUrl,
    SecretKeySelector databasePassword,
    int slotCount,
    double balanceFactor,
    int maxMovesPerBatch,
    Map<Long, String> overrides,
    int maxSurge,
    int maxUnavailable,
    Integer partition,
    boolean paused,
    double maxReidentifiedShare,
    int maxResumeFailures,
    Duration progressDeadline,
    int drainWaveSize,
    Duration drainWaveInterval,
    Duration readinessDelay,
    Duration drainTimeout,
    boolean autoRebalance,
    Duration lostAfter,
    Duration startDeadline) {

  private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");
  private static final Pattern PULL_POLICY = Pattern.compile("^(Always|IfNotPresent|Never)$");

  /**
   * These settings with the rollout let through to every node: no partition, not paused (a promoted
   * rollout).
   */
  public FleetSettings promoted() {
    return withRollout(null, false);
  }

  /** These settings with the rollout paused whatever the spec says (a health gate holds it). */
  public FleetSettings held() {
    return withRollout(partition, true);
  }

  private FleetSettings withRollout(Integer partition, boolean paused) {
    return new FleetSettings(
        replicas,
        image,
        imagePullPolicy,
        resources,
        jvmOptions,
        env,
        nodeOptions,
        databaseUrl,
        databasePassword,
        slotCount,
        balanceFactor,
        maxMovesPerBatch,
        overrides,
        maxSurge,
        maxUnavailable,
        partition,
        paused,
        maxReidentifiedShare,
        maxResumeFailures,
        progressDeadline,
        drainWaveSize,
        drainWaveInterval,
        readinessDelay,
        drainTimeout,
        autoRebalance,
        lostAfter,
        startDeadline);
  }

  /** The settings of {@code spec}; an {@link InvalidSpec} naming the first field that is wrong. */
  public static FleetSettings of(RealtimeFleetSpec spec) {
    if (spec == null) {
      throw new InvalidSpec("", "a spec is required");
    }
    NodeTemplate template = required(spec.getTemplate(), "template");
    String image = required(template.getImage(), "template.image");
    if (image.isBlank() || image.chars().anyMatch(Character::isWhitespace)) {
      throw new InvalidSpec("template.image", "an image reference without spaces is required");
    }
    String pullPolicy = template.getImagePullPolicy();
    if (pullPolicy != null && !PULL_POLICY.matcher(pullPolicy).matches()) {
      throw new InvalidSpec(
          "template.imagePullPolicy", "one of Always, IfNotPresent, Never: " + pullPolicy);
    }
    NodeOptions options = template.getOptions() == null ? new NodeOptions() : template.getOptions();
    checkNodeOptions(options);
    DatabaseSpec database = required(spec.getDatabase(), "database");
    SecretKeySelector url = secretKey(database.getUrlSecret(), "database.urlSecret", true);
    SecretKeySelector password =
        secretKey(database.getPasswordSecret(), "database.passwordSecret", false);
    PlacementSpec placement =
        spec.getPlacement() == null ? new PlacementSpec() : spec.getPlacement();
    RolloutSpec rollout = spec.getRollout() == null ? new RolloutSpec() : spec.getRollout();
    HealthGates gates =
        rollout.getHealthGates() == null ? new HealthGates() : rollout.getHealthGates();
    DrainSpec drain = spec.getDrain() == null ? new DrainSpec() : spec.getDrain();
    FailoverSpec failover = spec.getFailover() == null ? new FailoverSpec() : spec.getFailover();
    return new FleetSettings(
        range(required(spec.getReplicas(), "replicas"), 0, 1000, "replicas"),
        image,
        pullPolicy == null ? "IfNotPresent" : pullPolicy,
        template.getResources(),
        template.getJvmOptions() == null ? List.of() : List.copyOf(template.getJvmOptions()),
        template.getEnv() == null ? List.of() : List.copyOf(template.getEnv()),
        options,
        url,
        password,
        range(or(placement.getSlotCount(), 4096), 1, 65536, "placement.slotCount"),
        balanceFactor(or(placement.getBalanceFactor(), 1.10)),
        range(or(placement.getMaxMovesPerBatch(), 64), 1, 4096, "placement.maxMovesPerBatch"),
        overrides(placement.getOverrides()),
        range(or(rollout.getMaxSurge(), 1), 0, 100, "rollout.maxSurge"),
        range(or(rollout.getMaxUnavailable(), 0), 0, 100, "rollout.maxUnavailable"),
        rollout.getPartition() == null
            ? null
            : range(rollout.getPartition(), 0, Integer.MAX_VALUE, "rollout.partition"),
        Boolean.TRUE.equals(rollout.getPaused()),
        range(
            or(gates.getMaxReidentifiedShare(), 0.01),
            0.0,
            1.0,
            "rollout.healthGates.maxReidentifiedShare"),
        range(
            or(gates.getMaxResumeFailures(), 10),
            0,
            Integer.MAX_VALUE,
            "rollout.healthGates.maxResumeFailures"),
        Duration.ofSeconds(
            range(
                or(rollout.getProgressDeadlineSeconds(), 600),
                10,
                Integer.MAX_VALUE,
                "rollout.progressDeadlineSeconds")),
        range(or(drain.getWaveSize(), 200), 1, 100_000, "drain.waveSize"),
        Duration.ofMillis(
            range(or(drain.getWaveIntervalMillis(), 500), 0, 60_000, "drain.waveIntervalMillis")),
        Duration.ofSeconds(
            range(or(drain.getReadinessDelaySeconds(), 5), 0, 300, "drain.readinessDelaySeconds")),
        Duration.ofSeconds(
            range(or(drain.getTimeoutSeconds(), 600), 10, 86_400, "drain.timeoutSeconds")),
        !Boolean.FALSE.equals(spec.getAutoRebalance()),
        Duration.ofSeconds(
            range(or(failover.getLostAfterSeconds(), 30), 5, 3600, "failover.lostAfterSeconds")),
        Duration.ofSeconds(
            range(
                or(failover.getStartDeadlineSeconds(), 600),
                10,
                86_400,
                "failover.startDeadlineSeconds")));
  }

  /**
   * How long a node given SIGTERM (its pod deleted by hand, or by anything but the operator) drains
   * before it stops: the Service's readiness delay, then the drain's own timeout.
   */
  public Duration drainOnStop() {
    return readinessDelay.plus(drainTimeout);
  }

  /**
   * How long Kubernetes lets a node stop before it kills it: its {@link #drainOnStop} plus a margin
   * to close. A pod's grace period is set from it.
   */
  public Duration drainBudget() {
    return drainOnStop().plusSeconds(30);
  }

  /** Above 1: a factor of 1 would ask every node to hold exactly the mean, which never settles. */
  private static double balanceFactor(double factor) {
    if (!(factor > 1.0 && factor <= 10.0)) {
      throw new InvalidSpec(
          "placement.balanceFactor", "must be above 1.0 and at most 10.0: " + factor);
    }
    return factor;
  }

  private static void checkNodeOptions(NodeOptions options) {
    if (options.getHeartbeatIntervalMillis() != null) {
      range(
          options.getHeartbeatIntervalMillis(),
          1000,
          600_000,
          "template.options.heartbeatIntervalMillis");
    }
    if (options.getResumeWindowSeconds() != null) {
      range(options.getResumeWindowSeconds(), 0, 86_400, "template.options.resumeWindowSeconds");
    }
    if (options.getClientEventsPerMinute() != null) {
      range(
          options.getClientEventsPerMinute(), 1, 100_000, "template.options.clientEventsPerMinute");
    }
    if (options.getRestRequestsPerSecond() != null) {
      range(
          options.getRestRequestsPerSecond(),
          1,
          1_000_000,
          "template.options.restRequestsPerSecond");
    }
    if (options.getMaxPayloadBytes() != null) {
      range(options.getMaxPayloadBytes(), 512, 1_048_576, "template.options.maxPayloadBytes");
    }
    if (options.getMaxConcurrency() != null) {
      range(options.getMaxConcurrency(), 1, 64, "template.options.maxConcurrency");
    }
    if (options.getFleetReconnectsPerSecond() != null) {
      range(
          options.getFleetReconnectsPerSecond(),
          0,
          1_000_000,
          "template.options.fleetReconnectsPerSecond");
    }
  }

  private static Map<Long, String> overrides(List<GuildOverride> overrides) {
    Map<Long, String> pinned = new LinkedHashMap<>();
    if (overrides == null) {
      return pinned;
    }
    for (int i = 0; i < overrides.size(); i++) {
      GuildOverride override = overrides.get(i);
      String field = "placement.overrides[" + i + "]";
      long guild;
      try {
        guild = Long.parseLong(required(override.getGuildId(), field + ".guildId"));
      } catch (NumberFormatException notAnId) {
        throw new InvalidSpec(field + ".guildId", "a guild id (a snowflake) is required");
      }
      if (guild <= 0) {
        throw new InvalidSpec(field + ".guildId", "a guild id (a snowflake) is required");
      }
      String node = required(override.getNode(), field + ".node");
      if (!DNS_LABEL.matcher(node).matches()) {
        throw new InvalidSpec(field + ".node", "a node name (a DNS label) is required: " + node);
      }
      if (pinned.put(guild, node) != null) {
        throw new InvalidSpec(field + ".guildId", "guild " + guild + " is pinned twice");
      }
    }
    return Map.copyOf(pinned);
  }

  private static SecretKeySelector secretKey(
      SecretKeySelector selector, String field, boolean required) {
    if (selector == null) {
      if (required) {
        throw new InvalidSpec(field, "a Secret name and key are required");
      }
      return null;
    }
    if (selector.getName() == null || selector.getName().isBlank()) {
      throw new InvalidSpec(field + ".name", "the Secret's name is required");
    }
    if (selector.getKey() == null || selector.getKey().isBlank()) {
      throw new InvalidSpec(field + ".key", "the key in the Secret is required");
    }
    return selector;
  }

  private static <T> T required(T value, String field) {
    if (value == null) {
      throw new InvalidSpec(field, "is required");
    }
    return value;
  }

  private static <T> T or(T value, T otherwise) {
    return Objects.requireNonNullElse(value, otherwise);
  }

  private static int range(int value, int min, int max, String field) {
    if (value < min || value > max) {
      throw new InvalidSpec(field, "must be between " + min + " and " + max + ": " + value);
    }
    return value;
  }

  private static long range(long value, long min, long max, String field) {
    if (value < min || value > max) {
      throw new InvalidSpec(field, "must be between " + min + " and " + max + ": " + value);
    }
    return value;
  }

  private static double range(double value, double min, double max, String field) {
    if (!(value >= min && value <= max)) {
      throw new InvalidSpec(field, "must be between " + min + " and " + max + ": " + value);
    }
    return value;
  }
}
