package io.rtfleet.controller.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.rtfleet.api.crd.DrainSpec;
import io.rtfleet.api.crd.GuildOverride;
import io.rtfleet.api.crd.PlacementSpec;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.api.crd.RealtimeFleetSpec;
import io.rtfleet.api.crd.RolloutSpec;
import io.rtfleet.controller.SampleFleets;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class FleetSettingsTest {
  @Test
  void aMinimalSpecGetsTheSchemasDefaults() {
    FleetSettings settings = FleetSettings.of(SampleFleets.spec(3));

    assertThat(settings.replicas()).isEqualTo(3);
    assertThat(settings.imagePullPolicy()).isEqualTo("IfNotPresent");
    assertThat(settings.slotCount()).isEqualTo(4096);
    assertThat(settings.balanceFactor()).isEqualTo(1.10);
    assertThat(settings.maxMovesPerBatch()).isEqualTo(64);
    assertThat(settings.maxSurge()).isEqualTo(1);
    assertThat(settings.maxUnavailable()).isZero();
    assertThat(settings.partition()).isNull();
    assertThat(settings.paused()).isFalse();
    assertThat(settings.maxReidentifiedShare()).isEqualTo(0.01);
    assertThat(settings.drainWaveSize()).isEqualTo(200);
    assertThat(settings.drainWaveInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(settings.autoRebalance()).isTrue();
    assertThat(settings.drainBudget()).isEqualTo(Duration.ofSeconds(5 + 600 + 30));
  }

  @Test
  void theSampleFleetIsValid() throws Exception {
    try (InputStream yaml =
        Files.newInputStream(Path.of("..", "manifests", "samples", "realtimefleet.yaml"))) {
      RealtimeFleet sample = Serialization.unmarshal(yaml, RealtimeFleet.class);

      FleetSettings settings = FleetSettings.of(sample.getSpec());

      assertThat(settings.replicas()).isEqualTo(3);
      assertThat(settings.jvmOptions()).containsExactly("-Xmx1g");
      assertThat(settings.databaseUrl().getName()).isEqualTo("chat-database");
    }
  }

  @Test
  void eachRuleNamesTheFieldItRefuses() {
    RealtimeFleetSpec noImage = SampleFleets.spec(1);
    noImage.getTemplate().setImage(null);
    assertRefused(noImage, "template.image", "spec.template.image: is required");

    RealtimeFleetSpec negative = SampleFleets.spec(-1);
    assertRefused(negative, "replicas", "spec.replicas: must be between 0 and 1000: -1");

    RealtimeFleetSpec surge = SampleFleets.spec(1);
    surge.setRollout(new RolloutSpec());
    surge.getRollout().setMaxSurge(-2);
    assertRefused(
        surge, "rollout.maxSurge", "spec.rollout.maxSurge: must be between 0 and 100: -2");

    RealtimeFleetSpec factor = SampleFleets.spec(1);
    factor.setPlacement(new PlacementSpec());
    factor.getPlacement().setBalanceFactor(1.0);
    assertRefused(
        factor,
        "placement.balanceFactor",
        "spec.placement.balanceFactor: must be above 1.0 and at most 10.0: 1.0");

    RealtimeFleetSpec waves = SampleFleets.spec(1);
    waves.setDrain(new DrainSpec());
    waves.getDrain().setWaveSize(0);
    assertRefused(waves, "drain.waveSize", "spec.drain.waveSize: must be between 1 and 100000: 0");

    RealtimeFleetSpec noKey = SampleFleets.spec(1);
    noKey.getDatabase().setUrlSecret(new SecretKeySelector(null, "database", false));
    assertRefused(
        noKey,
        "database.urlSecret.key",
        "spec.database.urlSecret.key: the key in the Secret is required");

    RealtimeFleetSpec pinnedTwice = SampleFleets.spec(1);
    pinnedTwice.setPlacement(new PlacementSpec());
    pinnedTwice
        .getPlacement()
        .setOverrides(List.of(override("42", "node-1"), override("42", "node-2")));
    assertRefused(
        pinnedTwice,
        "placement.overrides[1].guildId",
        "spec.placement.overrides[1].guildId: guild 42 is pinned twice");

    RealtimeFleetSpec badNode = SampleFleets.spec(1);
    badNode.setPlacement(new PlacementSpec());
    badNode.getPlacement().setOverrides(List.of(override("42", "Node_1")));
    assertRefused(
        badNode,
        "placement.overrides[0].node",
        "spec.placement.overrides[0].node: a node name (a DNS label) is required: Node_1");
  }

  @Property
  void everyReplicaCountInTheSchemasRangeIsTakenAndNoneOutside(
      @ForAll @IntRange(min = -100, max = 1100) int replicas) {
    if (replicas >= 0 && replicas <= 1000) {
      assertThat(FleetSettings.of(SampleFleets.spec(replicas)).replicas()).isEqualTo(replicas);
    } else {
      assertThatThrownBy(() -> FleetSettings.of(SampleFleets.spec(replicas)))
          .isInstanceOfSatisfying(
              InvalidSpec.class, invalid -> assertThat(invalid.field()).isEqualTo("replicas"));
    }
  }

  private static GuildOverride override(String guild, String node) {
    GuildOverride override = new GuildOverride();
    override.setGuildId(guild);
    override.setNode(node);
    return override;
  }

  private static void assertRefused(RealtimeFleetSpec spec, String field, String message) {
    assertThatThrownBy(() -> FleetSettings.of(spec))
        .isInstanceOfSatisfying(
            InvalidSpec.class, invalid -> assertThat(invalid.field()).isEqualTo(field))
        .hasMessage(message);
  }
}
