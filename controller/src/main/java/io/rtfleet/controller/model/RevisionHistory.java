package io.rtfleet.controller.model;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.rtfleet.api.crd.DatabaseSpec;
import io.rtfleet.api.crd.NodeTemplate;
import io.rtfleet.api.crd.RealtimeFleet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A fleet's rollout history, as a StatefulSet's: one apps/v1 ControllerRevision per node template
 * (with its database) the fleet has had, named {@code <fleet>-<revision hash>}, numbered in the
 * order they were last rolled out, so that {@code rtctl rollout history} lists them and {@code
 * rtctl rollout undo} puts an earlier one back. Going back to an earlier template renumbers its
 * revision as the newest, as a StatefulSet's undo does. The oldest beyond {@link #LIMIT} are
 * deleted, never the current or the update revision. Pure: the reconciler writes what this says.
 */
public final class RevisionHistory {
  public static final int LIMIT = 10;

  /** The annotation whose value, on the fleet, a new revision records as why it was made. */
  public static final String CHANGE_CAUSE = "kubernetes.io/change-cause";

  private RevisionHistory() {}

  /** What to write so that the history holds {@code revision} as its newest entry. */
  public record Changes(
      Optional<ControllerRevision> create,
      Optional<ControllerRevision> renumber,
      List<String> delete) {}

  public static String name(String fleet, String revision) {
    return fleet + "-" + revision;
  }

  public static Changes plan(
      RealtimeFleet fleet,
      OwnerReference owner,
      String revision,
      String currentRevision,
      List<ControllerRevision> existing) {
    String fleetName = fleet.getMetadata().getName();
    String name = name(fleetName, revision);
    long newest = existing.stream().mapToLong(ControllerRevision::getRevision).max().orElse(0);
    Optional<ControllerRevision> same =
        existing.stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst();
    Optional<ControllerRevision> create = Optional.empty();
    Optional<ControllerRevision> renumber = Optional.empty();
    List<ControllerRevision> after = new ArrayList<>(existing);
    if (same.isEmpty()) {
      ControllerRevision made = revisionOf(fleet, owner, name, newest + 1);
      create = Optional.of(made);
      after.add(made);
    } else if (same.get().getRevision() != newest) {
      ControllerRevision moved =
          new ControllerRevisionBuilder(same.get()).withRevision(newest + 1).build();
      renumber = Optional.of(moved);
      after.remove(same.get());
      after.add(moved);
    }
    List<String> keep = new ArrayList<>(List.of(name));
    if (currentRevision != null) {
      keep.add(name(fleetName, currentRevision));
    }
    List<String> delete =
        after.stream()
            .sorted(Comparator.comparingLong(ControllerRevision::getRevision).reversed())
            .skip(LIMIT)
            .map(r -> r.getMetadata().getName())
            .filter(old -> !keep.contains(old))
            .toList();
    return new Changes(create, renumber, delete);
  }

  /** The template and database a revision recorded. */
  public static NodeTemplate template(ControllerRevision revision) {
    return Serialization.unmarshal(
        Serialization.asJson(data(revision).get("template")), NodeTemplate.class);
  }

  public static DatabaseSpec database(ControllerRevision revision) {
    return Serialization.unmarshal(
        Serialization.asJson(data(revision).get("database")), DatabaseSpec.class);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> data(ControllerRevision revision) {
    Object data = revision.getData();
    return data instanceof Map<?, ?> map
        ? (Map<String, Object>) map
        : Serialization.unmarshal(Serialization.asJson(data), Map.class);
  }

  private static ControllerRevision revisionOf(
      RealtimeFleet fleet, OwnerReference owner, String name, long number) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("template", fleet.getSpec().getTemplate());
    data.put("database", fleet.getSpec().getDatabase());
    Map<String, String> annotations = new LinkedHashMap<>();
    Map<String, String> onFleet = fleet.getMetadata().getAnnotations();
    if (onFleet != null && onFleet.get(CHANGE_CAUSE) != null) {
      annotations.put(CHANGE_CAUSE, onFleet.get(CHANGE_CAUSE));
    }
    return new ControllerRevisionBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(fleet.getMetadata().getNamespace())
        .withLabels(FleetLabels.owned(fleet.getMetadata().getName()))
        .withAnnotations(annotations)
        .withOwnerReferences(owner)
        .endMetadata()
        .withRevision(number)
        .withData(Serialization.unmarshal(Serialization.asJson(data), Map.class))
        .build();
  }
}
