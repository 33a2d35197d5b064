package io.rtfleet.testing.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Fabric8 client, which the operator uses, against a real API server and a real CRD. */
@ExtendWith(KubeApiServerExtension.class)
@Tag("kube")
class CustomResourceIT {

  private static final String NAMESPACE = "widgets";
  private static final ResourceDefinitionContext WIDGETS =
      new ResourceDefinitionContext.Builder()
          .withGroup("harness.rtfleet.io")
          .withVersion("v1")
          .withKind("Widget")
          .withPlural("widgets")
          .withNamespaced(true)
          .build();

  @BeforeAll
  static void installTheResource(KubernetesClient client) {
    CustomResourceDefinition crd =
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .load(CustomResourceIT.class.getResourceAsStream("/widget-crd.yaml"))
            .create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client
                    .apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName(crd.getMetadata().getName())
                    .get()
                    .getStatus()
                    .getConditions()
                    .stream()
                    .anyMatch(
                        c -> c.getType().equals("Established") && c.getStatus().equals("True")));
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .create();
  }

  @Test
  void theServerFillsInTheSchemasDefaults(KubernetesClient client) {
    GenericKubernetesResource created =
        widgets(client).resource(widget("defaulted", Map.of("mode", "steady"))).create();

    assertThat(spec(created)).containsEntry("replicas", 1);
  }

  @Test
  void theServerRefusesAnObjectItsSchemaForbidsAndNamesTheField(KubernetesClient client) {
    assertThatThrownBy(
            () ->
                widgets(client)
                    .resource(widget("too-big", Map.of("mode", "steady", "replicas", 11)))
                    .create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              assertThat(e.getMessage())
                  .contains("spec.replicas")
                  .contains("less than or equal to 10");
            });
    assertThatThrownBy(
            () -> widgets(client).resource(widget("sideways", Map.of("mode", "sideways"))).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> assertThat(e.getMessage()).contains("spec.mode").contains("Unsupported value"));
    assertThatThrownBy(
            () -> widgets(client).resource(widget("modeless", Map.of("replicas", 2))).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> assertThat(e.getMessage()).contains("spec.mode").contains("Required value"));
    assertThat(widgets(client).withName("too-big").get()).isNull();
  }

  @Test
  void aWatchSeesTheObjectCreatedChangedAndDeleted(KubernetesClient client) {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (Watch watch =
        widgets(client)
            .withName("watched")
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, GenericKubernetesResource resource) {
                    seen.add(action + " replicas=" + spec(resource).get("replicas"));
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      widgets(client).resource(widget("watched", Map.of("mode", "canary", "replicas", 2))).create();
      widgets(client)
          .withName("watched")
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":3}}");
      widgets(client).withName("watched").delete();

      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(seen)
                      .containsExactly(
                          "ADDED replicas=2", "MODIFIED replicas=3", "DELETED replicas=3"));
    }
  }

  @Test
  void aJsonMergePatchChangesOnlyTheFieldsItNames(KubernetesClient client) {
    widgets(client)
        .resource(widget("merged", Map.of("mode", "canary", "replicas", 2, "owner", "sre")))
        .create();

    GenericKubernetesResource patched =
        widgets(client)
            .withName("merged")
            .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"mode\":\"steady\"}}");

    assertThat(spec(patched))
        .containsEntry("mode", "steady")
        .containsEntry("replicas", 2)
        .containsEntry("owner", "sre");
  }

  @Test
  void serverSideApplyTracksWhichManagerOwnsWhichField(KubernetesClient client) {
    widgets(client)
        .resource(widget("applied", Map.of("mode", "canary", "replicas", 2)))
        .fieldManager("operator")
        .serverSideApply();

    // Another manager may add a field nobody owns, but taking one the operator owns conflicts
    // unless it forces.
    widgets(client)
        .resource(widget("applied", Map.of("mode", "canary", "owner", "sre")))
        .fieldManager("sre")
        .serverSideApply();
    assertThatThrownBy(
            () ->
                widgets(client)
                    .resource(widget("applied", Map.of("mode", "canary", "replicas", 5)))
                    .fieldManager("sre")
                    .serverSideApply())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(409);
              assertThat(e.getMessage()).contains("conflict").contains(".spec.replicas");
            });
    // An apply states every field its manager wants: one left out is given up (and removed).
    GenericKubernetesResource forced =
        widgets(client)
            .resource(widget("applied", Map.of("mode", "canary", "replicas", 5, "owner", "sre")))
            .fieldManager("sre")
            .forceConflicts()
            .serverSideApply();

    assertThat(spec(forced)).containsEntry("replicas", 5).containsEntry("owner", "sre");
    assertThat(forced.getMetadata().getManagedFields())
        .extracting(f -> f.getManager())
        .contains("operator", "sre");
  }

  @Test
  void statusIsWrittenThroughItsSubresourceOnly(KubernetesClient client) {
    GenericKubernetesResource withStatus = widget("statused", Map.of("mode", "steady"));
    withStatus.setAdditionalProperty("status", Map.of("replicas", 4));
    widgets(client).resource(withStatus).create();
    assertThat(widgets(client).withName("statused").get().getAdditionalProperties())
        .doesNotContainKey("status");

    widgets(client)
        .withName("statused")
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"status\":{\"replicas\":4,\"selector\":\"app=statused\"}}");

    assertThat(widgets(client).withName("statused").get().getAdditionalProperties())
        .containsEntry("status", Map.of("replicas", 4, "selector", "app=statused"));
  }

  @Test
  void theScaleSubresourceReadsAndWritesTheReplicas(KubeControlPlane cluster) {
    KubernetesClient client = cluster.client();
    widgets(client).resource(widget("scaled", Map.of("mode", "steady", "replicas", 2))).create();
    widgets(client)
        .withName("scaled")
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"status\":{\"replicas\":2,\"selector\":\"app=scaled\"}}");

    Kubectl.Result scale =
        cluster.kubectl("scale", "-n", NAMESPACE, "widget/scaled", "--replicas=7");
    assertThat(scale.succeeded()).as(scale.stderr()).isTrue();
    assertThat(spec(widgets(client).withName("scaled").get())).containsEntry("replicas", 7);

    Kubectl.Result read =
        cluster.kubectl(
            "get",
            "--raw",
            "/apis/harness.rtfleet.io/v1/namespaces/" + NAMESPACE + "/widgets/scaled/scale");
    assertThat(read.stdout())
        .contains("\"kind\":\"Scale\"")
        .contains("\"replicas\":7")
        .contains("\"selector\":\"app=scaled\"");
  }

  @Test
  void kubectlShowsThePrinterColumnsAndTheShortName(KubeControlPlane cluster) {
    widgets(cluster.client())
        .resource(widget("printed", Map.of("mode", "canary", "replicas", 3)))
        .create();

    Kubectl.Result table = cluster.kubectl("get", "wdg", "printed", "-n", NAMESPACE);

    assertThat(table.succeeded()).as(table.stderr()).isTrue();
    List<String> lines = table.stdout().lines().toList();
    assertThat(lines.get(0).split("\\s+")).containsExactly("NAME", "REPLICAS", "MODE", "READY");
    assertThat(lines.get(1).split("\\s+")).containsExactly("printed", "3", "canary");
  }

  private static NonNamespaceOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      widgets(KubernetesClient client) {
    return client.genericKubernetesResources(WIDGETS).inNamespace(NAMESPACE);
  }

  private static GenericKubernetesResource widget(String name, Map<String, Object> spec) {
    GenericKubernetesResource widget =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("harness.rtfleet.io/v1")
            .withKind("Widget")
            .withNewMetadata()
            .withName(name)
            .withNamespace(NAMESPACE)
            .endMetadata()
            .build();
    widget.setAdditionalProperty("spec", spec);
    return widget;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource widget) {
    return (Map<String, Object>) widget.getAdditionalProperties().get("spec");
  }
}
