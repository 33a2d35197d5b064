package io.rtfleet.controller.rebalance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.rtfleet.api.crd.FleetNodeStatus;
import io.rtfleet.api.crd.GuildRebalance;
import io.rtfleet.api.crd.GuildRebalanceSpec;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.api.crd.RebalanceMode;
import io.rtfleet.api.crd.RebalanceState;
import io.rtfleet.controller.LocalCluster;
import io.rtfleet.controller.model.Conditions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * GuildRebalances on a fleet of real nodes that does not rebalance itself: a proposal to fill a
 * node added by a scale-up waits for its approval, then fills it; a rebalance that empties a node
 * survives an operator restarted in its middle; a rebalance that cannot be done says why. Run on
 * the mock API server ({@link RebalanceIT}) and on a real one ({@link RealApiServerRebalanceIT}).
 */
final class RebalanceScenario {
  private static final String FLEET = "chat";
  private static final Duration WAIT = Duration.ofMinutes(3);

  private final LocalCluster cluster;
  private final KubernetesClient client;
  private final String namespace;

  RebalanceScenario(LocalCluster cluster, String namespace) {
    this.cluster = cluster;
    this.client = cluster.client();
    this.namespace = namespace;
  }

  void aProposalWaitsForApprovalAndARebalanceSurvivesAnOperatorRestart() {
    RealtimeFleet fleet = cluster.fleet(FLEET, 2);
    fleet.getSpec().setAutoRebalance(false);
    client.resource(fleet).create();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(slots())
                    .containsOnly(Map.entry("chat-0", 2048), Map.entry("chat-1", 2048)));

    client.resources(RealtimeFleet.class).inNamespace(namespace).withName(FLEET).scale(3);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(slots()).containsEntry("chat-2", 0).hasSize(3);
              assertThat(node("chat-2").isReady()).isTrue();
              assertThat(
                      Conditions.isTrue(fleet().getStatus().getConditions(), Conditions.BALANCED))
                  .isFalse();
            });

    // Proposed, not carried out.
    client
        .resource(rebalance("fill", RebalanceMode.ADD_NODES, List.of("chat-2"), 64, false))
        .create();
    await().atMost(WAIT).until(() -> state("fill") == RebalanceState.ProposalReady);
    GuildRebalance proposed = read("fill");
    assertThat(proposed.getStatus().getProposal().getMoves())
        .isNotEmpty()
        .allSatisfy(move -> assertThat(move.getTo()).isEqualTo("chat-2"));
    assertThat(proposed.getStatus().getProposal().getMaxOverMeanBefore()).isEqualTo(1.5);
    assertThat(proposed.getStatus().getProposal().getMaxOverMeanAfter()).isLessThan(1.1);
    assertThat(slots()).containsEntry("chat-2", 0);

    annotate("fill", "approve");
    await().atMost(WAIT).until(() -> state("fill") == RebalanceState.Ready);
    int moved = proposed.getStatus().getProposal().getMoves().size();
    await().atMost(WAIT).untilAsserted(() -> assertThat(slots()).containsEntry("chat-2", moved));
    assertThat(slots().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(4096);
    // Acted on, so removed (the mock server keeps a key a merge patch sets to null, as null).
    assertThat(read("fill").getMetadata().getAnnotations().get(GuildRebalance.ACTION_ANNOTATION))
        .isNull();
    assertThat(read("fill").getStatus().getBatches())
        .isEqualTo(
            read("fill").getStatus().getBatchesTotal()
                + "/"
                + read("fill").getStatus().getBatchesTotal());

    // Small batches, approved on creation: the operator is restarted with some of them done.
    client
        .resource(rebalance("empty", RebalanceMode.REMOVE_NODES, List.of("chat-0"), 32, true))
        .create();
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              GuildRebalance seen = read("empty");
              return seen.getStatus() != null
                  && seen.getStatus().getBatchesDone() != null
                  && seen.getStatus().getBatchesDone() >= 2;
            });
    int batches = read("empty").getStatus().getBatchesTotal();
    assertThat(read("empty").getStatus().getBatchesDone()).isLessThan(batches);
    cluster.restartOperator();
    await().atMost(WAIT).until(() -> state("empty") == RebalanceState.Ready);
    assertThat(read("empty").getStatus().getBatchesDone()).isEqualTo(batches);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(slots()).containsEntry("chat-0", 0);
              assertThat(slots().values().stream().mapToInt(Integer::intValue).sum())
                  .isEqualTo(4096);
            });
    assertThat(client.v1().events().inNamespace(namespace).list().getItems())
        .extracting(event -> event.getInvolvedObject().getName() + " " + event.getReason())
        .contains(
            "fill ProposalReady",
            "fill RebalanceStarted",
            "fill RebalanceDone",
            "empty RebalanceDone");
  }

  void aRebalanceThatCannotBeDoneSaysWhy() {
    GuildRebalance noFleet = rebalance("lost", RebalanceMode.FULL, null, 8, false);
    noFleet.getSpec().setFleet("nope");
    client.resource(noFleet).create();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(state("lost")).isEqualTo(RebalanceState.NotReady);
              assertThat(read("lost").getStatus().getConditions().get(0).getReason())
                  .isEqualTo("FleetNotFound");
            });

    client.resource(rebalance("unknown", RebalanceMode.ADD_NODES, null, 8, false)).create();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(state("unknown")).isEqualTo(RebalanceState.NotReady);
              assertThat(read("unknown").getStatus().getConditions().get(0).getMessage())
                  .isEqualTo("spec.nodes: add-nodes names the nodes to fill");
            });
  }

  private GuildRebalance rebalance(
      String name, RebalanceMode mode, List<String> nodes, int perBatch, boolean autoApprove) {
    GuildRebalance rebalance = new GuildRebalance();
    rebalance.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    GuildRebalanceSpec spec = new GuildRebalanceSpec();
    spec.setFleet(FLEET);
    spec.setMode(mode);
    spec.setNodes(nodes);
    spec.setMovesPerBatch(perBatch);
    spec.setAutoApprove(autoApprove);
    rebalance.setSpec(spec);
    return rebalance;
  }

  private GuildRebalance read(String name) {
    return client.resources(GuildRebalance.class).inNamespace(namespace).withName(name).get();
  }

  private RebalanceState state(String name) {
    GuildRebalance rebalance = read(name);
    return rebalance == null || rebalance.getStatus() == null
        ? null
        : rebalance.getStatus().getState();
  }

  private void annotate(String name, String action) {
    client
        .resources(GuildRebalance.class)
        .inNamespace(namespace)
        .withName(name)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            Serialization.asJson(
                Map.of(
                    "metadata",
                    Map.of("annotations", Map.of(GuildRebalance.ACTION_ANNOTATION, action)))));
  }

  private RealtimeFleet fleet() {
    return cluster.read(FLEET);
  }

  private Map<String, Integer> slots() {
    Map<String, Integer> slots = new java.util.TreeMap<>();
    List<FleetNodeStatus> nodes = fleet().getStatus().getNodes();
    if (nodes != null) {
      nodes.forEach(node -> slots.put(node.getName(), node.getSlots()));
    }
    return slots;
  }

  private FleetNodeStatus node(String name) {
    return fleet().getStatus().getNodes().stream()
        .filter(node -> node.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }
}
