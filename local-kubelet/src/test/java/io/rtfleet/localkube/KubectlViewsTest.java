package io.rtfleet.localkube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What kubectl is given by the local API server in place of the mock server's own answers. */
class KubectlViewsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
  private static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io";
  private static final String KUBECTL = "kubectl/v1.32.4 (linux/amd64) kubernetes/59526cd";

  private static CustomResourceDefinition fleetCrd() throws Exception {
    try (InputStream yaml =
        KubectlViewsTest.class
            .getClassLoader()
            .getResourceAsStream("META-INF/fabric8/realtimefleets.rtfleet.io-v1.yml")) {
      return Serialization.unmarshal(yaml, CustomResourceDefinition.class);
    }
  }

  private static byte[] bytes(String json) {
    return json.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void kubectlGetRtfIsGivenTheCrdsPrinterColumns() throws Exception {
    KubectlViews views = KubectlViews.of(List.of(fleetCrd()));
    String list =
        "{'kind':'List','metadata':{'resourceVersion':'7'},'items':[{'metadata':{'name':'chat',"
            + "'namespace':'default','creationTimestamp':'2026-11-30T09:55:00Z'},'spec':{},"
            + "'status':{'ready':'3/3','replicas':3,'placementEpoch':12,'rollout':'Complete',"
            + "'sessions':40,'guilds':9}}]}";

    JsonNode table =
        JSON.readTree(
            views
                .rewrite(
                    "GET",
                    "/apis/rtfleet.io/v1alpha1/namespaces/default/realtimefleets?limit=500",
                    TABLE,
                    KUBECTL,
                    bytes(list),
                    NOW)
                .orElseThrow());

    assertThat(table.get("kind").asText()).isEqualTo("Table");
    assertThat(table.get("columnDefinitions").findValuesAsText("name"))
        .startsWith("Name")
        .contains("Ready", "Nodes", "Sessions", "Guilds", "Epoch", "Rollout", "Age");
    List<String> names = table.get("columnDefinitions").findValuesAsText("name");
    JsonNode cells = table.get("rows").get(0).get("cells");
    assertThat(cells.get(0).asText()).isEqualTo("chat");
    assertThat(cells.get(names.indexOf("Ready")).asText()).isEqualTo("3/3");
    assertThat(cells.get(names.indexOf("Epoch")).asInt()).isEqualTo(12);
    assertThat(cells.get(names.indexOf("Age")).asText()).isEqualTo("5m");
    assertThat(table.get("rows").get(0).get("object").get("metadata").get("namespace").asText())
        .isEqualTo("default");
  }

  @Test
  void kubectlGetPodsIsGivenReadinessAndStatusAndATerminatingPodSaysSo() throws Exception {
    KubectlViews views = KubectlViews.of(List.of());
    String pod =
        "{'metadata':{'name':'chat-0','creationTimestamp':'2026-11-30T09:59:30Z',"
            + "'deletionTimestamp':'2026-11-30T10:00:00Z'},'status':{'phase':'Running',"
            + "'podIP':'127.0.0.2','conditions':[{'type':'Ready','status':'True'}]}}";

    JsonNode cells =
        JSON.readTree(
                views
                    .rewrite(
                        "GET",
                        "/api/v1/namespaces/default/pods/chat-0",
                        TABLE,
                        KUBECTL,
                        bytes(pod),
                        NOW)
                    .orElseThrow())
            .get("rows")
            .get(0)
            .get("cells");

    assertThat(cells.toString())
        .isEqualTo("[\"chat-0\",\"1/1\",\"Terminating\",0,\"127.0.0.2\",\"30s\"]");
  }

  @Test
  void aScaleSubresourceIsAnsweredAsAScaleAndOtherAnswersAreLeftAlone() throws Exception {
    KubectlViews views = KubectlViews.of(List.of(fleetCrd()));
    String fleet =
        "{'kind':'RealtimeFleet','metadata':{'name':'chat'},'spec':{'replicas':4},"
            + "'status':{'replicas':3,'labelSelector':'rtfleet.io/fleet=chat'}}";

    JsonNode scale =
        JSON.readTree(
            views
                .rewrite(
                    "PATCH",
                    "/apis/rtfleet.io/v1alpha1/namespaces/default/realtimefleets/chat/scale",
                    "application/json",
                    KUBECTL,
                    bytes(fleet),
                    NOW)
                .orElseThrow());

    assertThat(scale.get("kind").asText()).isEqualTo("Scale");
    assertThat(scale.at("/spec/replicas").asInt()).isEqualTo(4);
    assertThat(scale.at("/status/selector").asText()).isEqualTo("rtfleet.io/fleet=chat");
    assertThat(
            views.rewrite(
                "GET",
                "/apis/rtfleet.io/v1alpha1/namespaces/default/realtimefleets/chat",
                "application/json",
                KUBECTL,
                bytes(fleet),
                NOW))
        .as("a client that asks for no table gets the resource")
        .isEmpty();
    assertThat(
            views.rewrite(
                "GET",
                "/apis/rtfleet.io/v1alpha1/namespaces/default/realtimefleets/chat/scale",
                "application/json",
                "fabric8-kubernetes-client/7.3.1",
                bytes(fleet),
                NOW))
        .as("Fabric8's client scales by writing back what it read: the resource")
        .isEmpty();
    assertThat(
            views.rewrite(
                "GET",
                "/api/v1/namespaces/default/pods?watch=true",
                TABLE,
                KUBECTL,
                bytes(fleet),
                NOW))
        .as("a watch")
        .isEmpty();
  }

  @Test
  void discoveryListsShortNamesAndTheScaleSubresourceOfEachCrd() throws Exception {
    KubectlDiscovery discovery = KubectlDiscovery.of(List.of(fleetCrd()));

    JsonNode groups = JSON.readTree(discovery.document("/apis?timeout=32s").orElseThrow());
    JsonNode fleets = JSON.readTree(discovery.document("/apis/rtfleet.io/v1alpha1").orElseThrow());

    assertThat(groups.findValuesAsText("name")).contains("rtfleet.io", "policy");
    assertThat(fleets.get("resources").findValuesAsText("name"))
        .contains("realtimefleets", "realtimefleets/scale", "realtimefleets/status");
    assertThat(fleets.get("resources").get(0).get("shortNames").get(0).asText()).isEqualTo("rtf");
    assertThat(discovery.document("/api/v1")).get().asString().contains("\"pods\"");
    assertThat(discovery.document("/apis/rtfleet.io/v1alpha1/namespaces/default/realtimefleets"))
        .isEmpty();
  }
}
