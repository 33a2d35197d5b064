package io.rtfleet.controller.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.controller.RtfleetOperator;
import io.rtfleet.controller.SampleFleets;
import io.rtfleet.controller.metrics.MetricsEndpoint;
import io.rtfleet.controller.model.FleetLabels;
import io.rtfleet.controller.model.FleetObjects;
import io.rtfleet.localkube.MockApiServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator against Fabric8's mock API server in CRUD mode: what a fleet owns is created and put
 * back, its pods are created up to its replicas, and its status says what the operator saw.
 */
class FleetOperatorIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static MockApiServer api;
  private static KubernetesClient client;
  private static RtfleetOperator operator;

  @BeforeAll
  static void start() throws Exception {
    api = MockApiServer.start();
    client = api.client();
    operator = RtfleetOperator.start(client, Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    operator.close();
    api.close();
  }

  private static void namespace(String name) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  private static List<Pod> pods(String namespace, String fleet) {
    return client
        .pods()
        .inNamespace(namespace)
        .withLabels(FleetLabels.selector(fleet))
        .list()
        .getItems();
  }

  /** The fleet once the operator has written a status, else an assertion error to wait on. */
  private static RealtimeFleet read(String namespace, String name) {
    RealtimeFleet fleet =
        client.resources(RealtimeFleet.class).inNamespace(namespace).withName(name).get();
    assertThat(fleet.getStatus()).as("the status of %s/%s", namespace, name).isNotNull();
    return fleet;
  }

  @Test
  void aFleetGetsItsSecretServicesBudgetAndOnePodPerReplicaOwnedByIt() {
    namespace("created");
    RealtimeFleet created = client.resource(SampleFleets.fleet("created", "chat", 3)).create();

    await().atMost(WAIT).until(() -> pods("created", "chat").size() == 3);
    assertThat(pods("created", "chat"))
        .extracting(pod -> pod.getMetadata().getName())
        .containsExactlyInAnyOrder("chat-0", "chat-1", "chat-2");
    Pod pod = pods("created", "chat").get(0);
    assertThat(pod.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            owner -> {
              assertThat(owner.getUid()).isEqualTo(created.getMetadata().getUid());
              assertThat(owner.getController()).isTrue();
            });
    assertThat(pod.getSpec().getContainers().get(0).getArgs())
        .containsSequence("--node-id", pod.getMetadata().getName())
        .containsSequence("--public-url", "ws://chat.created.svc:8080")
        .containsSequence("--drain-on-stop-seconds", "605");
    assertThat(pod.getSpec().getTerminationGracePeriodSeconds()).isEqualTo(635L);
    // kubectl describe rtf chat shows each node's creation
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(client.v1().events().inNamespace("created").list().getItems())
                    .filteredOn(event -> event.getInvolvedObject().getName().equals("chat"))
                    .filteredOn(event -> event.getReason().equals("CreatingNode"))
                    .extracting(event -> event.getMessage().split(" ")[3])
                    .containsExactlyInAnyOrder("chat-0", "chat-1", "chat-2"));
    await()
        .atMost(WAIT)
        .until(
            () ->
                client.secrets().inNamespace("created").withName("chat-secrets").get() != null
                    && client.services().inNamespace("created").withName("chat").get() != null
                    && client.services().inNamespace("created").withName("chat-peers").get() != null
                    && client
                            .policy()
                            .v1()
                            .podDisruptionBudget()
                            .inNamespace("created")
                            .withName("chat")
                            .get()
                        != null);
    Secret secret = client.secrets().inNamespace("created").withName("chat-secrets").get();
    assertThat(secret.getData())
        .containsOnlyKeys(
            FleetObjects.TOKEN_SECRET_KEY,
            FleetObjects.ADMIN_TOKEN_KEY,
            FleetObjects.FLEET_SECRET_KEY);
    assertThat(
            client
                .policy()
                .v1()
                .podDisruptionBudget()
                .inNamespace("created")
                .withName("chat")
                .get()
                .getSpec()
                .getMaxUnavailable()
                .getIntVal())
        .isZero();

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              RealtimeFleet seen = read("created", "chat");
              assertThat(seen.getStatus().getReplicas()).isEqualTo(3);
              assertThat(seen.getStatus().getReadyReplicas()).isZero();
              assertThat(seen.getStatus().getReady()).isEqualTo("0/3");
              assertThat(seen.getStatus().getLabelSelector())
                  .isEqualTo("app.kubernetes.io/name=realtime-node,rtfleet.io/fleet=chat");
              assertThat(seen.getStatus().getConditions())
                  .anySatisfy(
                      c -> {
                        assertThat(c.getType()).isEqualTo("Ready");
                        assertThat(c.getStatus()).isEqualTo("False");
                      });
            });
  }

  @Test
  void onceEveryPodIsReadyTheFleetIsReadyAndItsRevisionCurrent() {
    namespace("ready");
    client.resource(SampleFleets.fleet("ready", "chat", 2)).create();
    await().atMost(WAIT).until(() -> pods("ready", "chat").size() == 2);

    for (Pod pod : pods("ready", "chat")) {
      pod.setStatus(
          new PodStatusBuilder()
              .withPhase("Running")
              .withConditions(
                  new PodConditionBuilder().withType("Ready").withStatus("True").build())
              .build());
      client.pods().inNamespace("ready").resource(pod).updateStatus();
    }

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              RealtimeFleet seen = read("ready", "chat");
              assertThat(seen.getStatus().getReady()).isEqualTo("2/2");
              assertThat(seen.getStatus().getRollout()).isEqualTo("Complete");
              assertThat(seen.getStatus().getCurrentRevision())
                  .isEqualTo(seen.getStatus().getUpdateRevision())
                  .isNotBlank();
              assertThat(seen.getStatus().getConditions())
                  .anySatisfy(
                      c -> {
                        assertThat(c.getType()).isEqualTo("Ready");
                        assertThat(c.getStatus()).isEqualTo("True");
                      });
            });
  }

  @Test
  void whatTheFleetOwnsIsPutBackWhenEditedOrDeletedAndItsSecretsAreNeverRemade() {
    namespace("putback");
    client.resource(SampleFleets.fleet("putback", "chat", 1)).create();
    await()
        .atMost(WAIT)
        .until(
            () ->
                client.services().inNamespace("putback").withName("chat").get() != null
                    && client.secrets().inNamespace("putback").withName("chat-secrets").get()
                        != null);
    Map<String, String> secrets =
        client.secrets().inNamespace("putback").withName("chat-secrets").get().getData();

    Service edited = client.services().inNamespace("putback").withName("chat").get();
    edited.getSpec().setSelector(Map.of("app", "something-else"));
    client.services().inNamespace("putback").resource(edited).update();
    client.policy().v1().podDisruptionBudget().inNamespace("putback").withName("chat").delete();
    client.resources(RealtimeFleet.class).inNamespace("putback").withName("chat").scale(2);

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(
                      client
                          .services()
                          .inNamespace("putback")
                          .withName("chat")
                          .get()
                          .getSpec()
                          .getSelector())
                  .isEqualTo(FleetLabels.selector("chat"));
              assertThat(
                      client
                          .policy()
                          .v1()
                          .podDisruptionBudget()
                          .inNamespace("putback")
                          .withName("chat")
                          .get())
                  .isNotNull();
              assertThat(pods("putback", "chat")).hasSize(2);
            });
    assertThat(client.secrets().inNamespace("putback").withName("chat-secrets").get().getData())
        .isEqualTo(secrets);
  }

  @Test
  void deletingTheFleetDeletesEverythingItOwnedEvenWithoutAGarbageCollector() {
    namespace("gone");
    client.resource(SampleFleets.fleet("gone", "chat", 2)).create();
    await().atMost(WAIT).until(() -> pods("gone", "chat").size() == 2);
    await()
        .atMost(WAIT)
        .until(() -> client.secrets().inNamespace("gone").withName("chat-secrets").get() != null);

    client.resources(RealtimeFleet.class).inNamespace("gone").withName("chat").delete();

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(
                      client
                          .resources(RealtimeFleet.class)
                          .inNamespace("gone")
                          .withName("chat")
                          .get())
                  .isNull();
              assertThat(pods("gone", "chat")).isEmpty();
              assertThat(client.services().inNamespace("gone").list().getItems()).isEmpty();
              assertThat(client.secrets().inNamespace("gone").list().getItems()).isEmpty();
              assertThat(
                      client
                          .policy()
                          .v1()
                          .podDisruptionBudget()
                          .inNamespace("gone")
                          .list()
                          .getItems())
                  .isEmpty();
            });
  }

  @Test
  void theOperatorsMetricsCountItsReconcilesAndEachFleetsNodesByPhase() throws Exception {
    namespace("measured");
    client.resource(SampleFleets.fleet("measured", "chat", 2)).create();
    await().atMost(WAIT).until(() -> pods("measured", "chat").size() == 2);

    try (MetricsEndpoint endpoint =
        MetricsEndpoint.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            operator.metrics().registry())) {
      HttpClient http = HttpClient.newHttpClient();
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                HttpResponse<String> scraped =
                    http.send(
                        HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics"))
                            .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(scraped.statusCode()).isEqualTo(200);
                assertThat(scraped.body())
                    .contains("rtfleet_operator_reconciles_total{outcome=\"ok\"}")
                    .contains("rtfleet_operator_reconcile_seconds{quantile=\"0.99\"}")
                    .contains(
                        "rtfleet_operator_fleet_nodes{fleet=\"chat\",namespace=\"measured\","
                            + "phase=\"Starting\"} 2.0");
              });
    }
    assertThat(operator.metrics().reconcileCount()).isPositive();
  }

  @Test
  void aSpecTheSchemaWouldRefuseIsReportedNotActedOn() {
    namespace("invalid");
    RealtimeFleet fleet = SampleFleets.fleet("invalid", "chat", 2);
    fleet.getSpec().getTemplate().setImage("two words");
    client.resource(fleet).create();

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(read("invalid", "chat").getStatus().getConditions())
                    .anySatisfy(
                        c -> {
                          assertThat(c.getType()).isEqualTo("Ready");
                          assertThat(c.getStatus()).isEqualTo("False");
                          assertThat(c.getReason()).isEqualTo("InvalidSpec");
                          assertThat(c.getMessage())
                              .isEqualTo(
                                  "spec.template.image: an image reference without spaces is"
                                      + " required");
                        }));
    assertThat(pods("invalid", "chat")).isEmpty();
  }
}
