package io.rtfleet.localkube;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The discovery documents kubectl reads before anything else ({@code /api}, {@code /apis}, and one
 * resource list per group version), which Fabric8's mock server does not serve: without them
 * kubectl knows no resource type. The built-in groups list what the operator and the local kubelet
 * use; each CRD's group lists what the CRD declares, with its short names and its scale and status
 * subresources ({@code kubectl scale rtf}). OpenAPI is not served: {@code kubectl apply} needs
 * {@code --validate=false}.
 */
final class KubectlDiscovery {
  private static final List<String> VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
  private static final List<String> SUBRESOURCE_VERBS = List.of("get", "patch", "update");

  /** Resource lists by group version ({@code v1} for the core group), in order. */
  private final Map<String, List<Map<String, Object>>> resources = new LinkedHashMap<>();

  /** Versions by group, the core group left out. */
  private final Map<String, Set<String>> groups = new LinkedHashMap<>();

  private KubectlDiscovery() {}

  static KubectlDiscovery of(List<CustomResourceDefinition> crds) {
    KubectlDiscovery discovery = new KubectlDiscovery();
    discovery.add("", "v1", resource("pods", "Pod", true, "po"));
    discovery.add("", "v1", resource("services", "Service", true, "svc"));
    discovery.add("", "v1", resource("secrets", "Secret", true));
    discovery.add("", "v1", resource("configmaps", "ConfigMap", true, "cm"));
    discovery.add("", "v1", resource("events", "Event", true, "ev"));
    discovery.add("", "v1", resource("endpoints", "Endpoints", true, "ep"));
    discovery.add("", "v1", resource("namespaces", "Namespace", false, "ns"));
    discovery.add(
        "policy", "v1", resource("poddisruptionbudgets", "PodDisruptionBudget", true, "pdb"));
    discovery.add("coordination.k8s.io", "v1", resource("leases", "Lease", true));
    discovery.add("apps", "v1", resource("controllerrevisions", "ControllerRevision", true));
    discovery.add(
        "apiextensions.k8s.io",
        "v1",
        resource("customresourcedefinitions", "CustomResourceDefinition", false, "crd", "crds"));
    crds.forEach(discovery::add);
    return discovery;
  }

  /** The document served at {@code path} (its query left out), if it is a discovery path. */
  Optional<String> document(String path) {
    int query = path.indexOf('?');
    String bare = query < 0 ? path : path.substring(0, query);
    if (bare.equals("/api")) {
      return Optional.of(
          Serialization.asJson(
              Map.of(
                  "kind",
                  "APIVersions",
                  "versions",
                  List.of("v1"),
                  "serverAddressByClientCIDRs",
                  List.of(Map.of("clientCIDR", "0.0.0.0/0", "serverAddress", "127.0.0.1")))));
    }
    if (bare.equals("/apis")) {
      return Optional.of(groupList());
    }
    String groupVersion =
        bare.startsWith("/api/")
            ? bare.substring("/api/".length())
            : bare.startsWith("/apis/") ? bare.substring("/apis/".length()) : null;
    if (groupVersion == null || !resources.containsKey(groupVersion)) {
      return Optional.empty();
    }
    return Optional.of(
        Serialization.asJson(
            Map.of(
                "kind",
                "APIResourceList",
                "apiVersion",
                "v1",
                "groupVersion",
                groupVersion,
                "resources",
                resources.get(groupVersion))));
  }

  private String groupList() {
    List<Map<String, Object>> listed = new ArrayList<>();
    groups.forEach(
        (group, versions) -> {
          List<Map<String, String>> served = new ArrayList<>();
          for (String version : versions) {
            served.add(Map.of("groupVersion", group + "/" + version, "version", version));
          }
          listed.add(Map.of("name", group, "versions", served, "preferredVersion", served.get(0)));
        });
    return Serialization.asJson(
        Map.of("kind", "APIGroupList", "apiVersion", "v1", "groups", listed));
  }

  private void add(String group, String version, Map<String, Object> resource) {
    if (!group.isEmpty()) {
      groups.computeIfAbsent(group, absent -> new LinkedHashSet<>()).add(version);
    }
    resources
        .computeIfAbsent(group.isEmpty() ? version : group + "/" + version, k -> new ArrayList<>())
        .add(resource);
  }

  private void add(CustomResourceDefinition crd) {
    var spec = crd.getSpec();
    var names = spec.getNames();
    for (CustomResourceDefinitionVersion version : spec.getVersions()) {
      if (!Boolean.TRUE.equals(version.getServed())) {
        continue;
      }
      List<String> shortNames = names.getShortNames() == null ? List.of() : names.getShortNames();
      add(
          spec.getGroup(),
          version.getName(),
          resource(
              names.getPlural(),
              names.getKind(),
              "Namespaced".equals(spec.getScope()),
              shortNames.toArray(String[]::new)));
      var declared = version.getSubresources();
      if (declared != null && declared.getStatus() != null) {
        add(
            spec.getGroup(),
            version.getName(),
            Map.of(
                "name",
                names.getPlural() + "/status",
                "kind",
                names.getKind(),
                "namespaced",
                true,
                "verbs",
                SUBRESOURCE_VERBS));
      }
      if (declared != null && declared.getScale() != null) {
        add(
            spec.getGroup(),
            version.getName(),
            Map.of(
                "name",
                names.getPlural() + "/scale",
                "kind",
                "Scale",
                "group",
                "autoscaling",
                "version",
                "v1",
                "namespaced",
                true,
                "verbs",
                SUBRESOURCE_VERBS));
      }
    }
  }

  private static Map<String, Object> resource(
      String name, String kind, boolean namespaced, String... shortNames) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("name", name);
    entry.put("singularName", kind.toLowerCase(Locale.ROOT));
    entry.put("namespaced", namespaced);
    entry.put("kind", kind);
    entry.put("verbs", VERBS);
    if (shortNames.length > 0) {
      entry.put("shortNames", List.of(shortNames));
    }
    return entry;
  }
}
