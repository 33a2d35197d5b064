package io.rtfleet.localkube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a real API server makes of an answer for kubectl and Fabric8's mock server does not: the
 * {@code Table} that {@code kubectl get} asks for (its columns come from the server: a CRD's
 * printer columns, a pod's readiness and status; without it kubectl shows names and ages only), and
 * the {@code Scale} of a {@code /scale} subresource (the mock answers with the whole resource,
 * which {@code kubectl scale} refuses). Pure: JSON in, JSON out.
 */
final class KubectlViews {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** {@code /api/v1/...} or {@code /apis/GROUP/VERSION/...}, namespaced or not, one or a list. */
  private static final Pattern RESOURCE =
      Pattern.compile(
          "^/(?:api/v1|apis/[^/]+/[^/]+)(?:/namespaces/[^/]+)?/([a-z0-9.-]+)(?:/([^/?]+))?(/scale)?"
              + "(?:\\?.*)?$");

  private record Column(String name, String type, String jsonPath) {}

  private final Map<String, List<Column>> columns = new HashMap<>();

  private KubectlViews() {}

  static KubectlViews of(List<CustomResourceDefinition> crds) {
    KubectlViews views = new KubectlViews();
    for (CustomResourceDefinition crd : crds) {
      List<Column> printed = new ArrayList<>();
      crd.getSpec().getVersions().stream()
          .filter(version -> Boolean.TRUE.equals(version.getStorage()))
          .findFirst()
          .ifPresent(
              version -> {
                List<CustomResourceColumnDefinition> declared =
                    version.getAdditionalPrinterColumns();
                if (declared != null) {
                  declared.forEach(
                      column ->
                          printed.add(
                              new Column(
                                  column.getName(), column.getType(), column.getJsonPath())));
                }
              });
      views.columns.put(crd.getSpec().getNames().getPlural(), printed);
    }
    return views;
  }

  /**
   * The answer kubectl expects in place of {@code body}, the server's answer to a GET (or a write
   * of a {@code /scale}) with {@code accept} as its Accept header, from a client that says it is
   * {@code userAgent}; empty when it is fine as it is. Only kubectl is given a {@code Scale}:
   * Fabric8's client, which the operator and rtctl use, scales by reading the {@code /scale} of the
   * mock server (the whole resource) and writing it back, which a {@code Scale} would break.
   */
  Optional<String> rewrite(
      String method, String path, String accept, String userAgent, byte[] body, Instant now) {
    Matcher resource = RESOURCE.matcher(path);
    if (!resource.matches() || body.length == 0) {
      return Optional.empty();
    }
    try {
      JsonNode answer = JSON.readTree(body);
      if (resource.group(3) != null) {
        boolean kubectl = userAgent != null && userAgent.startsWith("kubectl");
        return kubectl && answer.has("spec") ? Optional.of(scale(answer)) : Optional.empty();
      }
      boolean wantsTable = accept != null && accept.contains("as=Table");
      if (!"GET".equals(method) || !wantsTable || path.contains("watch=")) {
        return Optional.empty();
      }
      String plural = resource.group(1);
      if (plural.equals("pods")) {
        return Optional.of(table(answer, PODS, now));
      }
      List<Column> printed = columns.get(plural);
      return printed == null ? Optional.empty() : Optional.of(table(answer, printed, now));
    } catch (IOException notJson) {
      return Optional.empty();
    }
  }

  private static final List<Column> PODS =
      List.of(
          new Column("Ready", "string", "ready"),
          new Column("Status", "string", "status"),
          new Column("Restarts", "integer", "restarts"),
          new Column("IP", "string", ".status.podIP"),
          new Column("Age", "date", ".metadata.creationTimestamp"));

  private static String scale(JsonNode resource) {
    ObjectNode scale = JSON.createObjectNode();
    scale.put("kind", "Scale");
    scale.put("apiVersion", "autoscaling/v1");
    scale.set("metadata", resource.path("metadata"));
    scale.putObject("spec").set("replicas", resource.path("spec").path("replicas"));
    ObjectNode status = scale.putObject("status");
    status.put("replicas", resource.path("status").path("replicas").asInt(0));
    status.put("selector", resource.path("status").path("labelSelector").asText(""));
    return scale.toString();
  }

  private static String table(JsonNode answer, List<Column> printed, Instant now) {
    ObjectNode table = JSON.createObjectNode();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    table
        .putObject("metadata")
        .put("resourceVersion", answer.path("metadata").path("resourceVersion").asText(""));
    ArrayNode definitions = table.putArray("columnDefinitions");
    definitions.add(definition("Name", "string", "name"));
    printed.forEach(column -> definitions.add(definition(column.name(), column.type(), "")));
    ArrayNode rows = table.putArray("rows");
    List<JsonNode> items = new ArrayList<>();
    if (answer.has("items")) {
      answer.path("items").forEach(items::add);
    } else {
      items.add(answer);
    }
    for (JsonNode item : items) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      cells.add(item.path("metadata").path("name").asText());
      for (Column column : printed) {
        cells.add(cell(item, column, now));
      }
      ObjectNode object = row.putObject("object");
      object.put("kind", "PartialObjectMetadata");
      object.put("apiVersion", "meta.k8s.io/v1");
      object.set("metadata", item.path("metadata"));
    }
    return table.toString();
  }

  private static ObjectNode definition(String name, String type, String format) {
    ObjectNode definition = JSON.createObjectNode();
    definition.put("name", name);
    definition.put("type", type.equals("date") ? "string" : type);
    definition.put("format", format);
    definition.put("description", "");
    definition.put("priority", 0);
    return definition;
  }

  private static JsonNode cell(JsonNode item, Column column, Instant now) {
    switch (column.jsonPath()) {
      case "ready" -> {
        boolean ready = false;
        for (JsonNode condition : item.path("status").path("conditions")) {
          ready |=
              condition.path("type").asText().equals("Ready")
                  && condition.path("status").asText().equals("True");
        }
        return JSON.getNodeFactory().textNode(ready ? "1/1" : "0/1");
      }
      case "status" -> {
        String phase = item.path("status").path("phase").asText("Pending");
        return JSON.getNodeFactory()
            .textNode(item.path("metadata").has("deletionTimestamp") ? "Terminating" : phase);
      }
      case "restarts" -> {
        return JSON.getNodeFactory().numberNode(0);
      }
      default -> {
        JsonNode value = item;
        for (String field : column.jsonPath().substring(1).split("\\.")) {
          value = value.path(field);
        }
        if (value.isMissingNode() || value.isNull()) {
          return JSON.getNodeFactory().nullNode();
        }
        return column.type().equals("date")
            ? JSON.getNodeFactory().textNode(KubectlAge.of(value.asText(), now))
            : value;
      }
    }
  }
}
