package io.rtfleet.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.rtfleet.localkube.MockApiServer;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two operators, one Lease: only the holder acts on fleets, and when it stops the other takes the
 * Lease once it expires and carries on.
 */
class LeaderElectionIT {
  private static final String NAMESPACE = "led";

  private MockApiServer api;
  private KubernetesClient client;
  private RtfleetOperator first;
  private RtfleetOperator second;

  @BeforeEach
  void start() throws Exception {
    api = MockApiServer.start();
    client = api.client();
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .create();
  }

  @AfterEach
  void stop() {
    if (second != null) {
      second.close();
    }
    api.close();
  }

  @Test
  void onlyTheLeaseHolderActsAndTheOtherTakesOverWhenItStops() {
    first = RtfleetOperator.start(client, Clock.systemUTC(), election("first"));
    await().atMost(Duration.ofSeconds(20)).until(() -> holder() != null);
    assertThat(holder()).isEqualTo("first");
    second = RtfleetOperator.start(client, Clock.systemUTC(), election("second"));

    client.resource(SampleFleets.fleet(NAMESPACE, "before", 1)).create();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> client.pods().inNamespace(NAMESPACE).withName("before-0").get() != null);
    assertThat(holder()).isEqualTo("first");

    first.close();
    client.resource(SampleFleets.fleet(NAMESPACE, "after", 1)).create();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> client.pods().inNamespace(NAMESPACE).withName("after-0").get() != null);
    assertThat(holder()).isEqualTo("second");
  }

  private String holder() {
    Lease lease = client.leases().inNamespace(NAMESPACE).withName(RtfleetOperator.LEASE).get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  private static LeaderElectionConfiguration election(String identity) {
    return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(RtfleetOperator.LEASE)
        .withLeaseNamespace(NAMESPACE)
        .withIdentity(identity)
        .withLeaseDuration(Duration.ofSeconds(3))
        .withRenewDeadline(Duration.ofSeconds(2))
        .withRetryPeriod(Duration.ofMillis(250))
        .withExitOnStopLeading(false)
        .build();
  }
}
