package io.rtfleet.controller.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.controller.SampleFleets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A fleet's rollout history numbers its templates as StatefulSets number theirs. */
class RevisionHistoryTest {
  private static final OwnerReference OWNER = new OwnerReference();

  private static RealtimeFleet fleet(String marker) {
    RealtimeFleet fleet = SampleFleets.fleet("prod", "chat", 3);
    fleet.getSpec().getTemplate().setJvmOptions(List.of("-D" + marker));
    return fleet;
  }

  private static List<ControllerRevision> recordAll(List<String> markers) {
    List<ControllerRevision> history = new ArrayList<>();
    for (String marker : markers) {
      RealtimeFleet fleet = fleet(marker);
      RevisionHistory.Changes changes = RevisionHistory.plan(fleet, OWNER, marker, null, history);
      changes.create().ifPresent(history::add);
      changes
          .renumber()
          .ifPresent(
              moved -> {
                history.removeIf(
                    r -> r.getMetadata().getName().equals(moved.getMetadata().getName()));
                history.add(moved);
              });
      history.removeIf(r -> changes.delete().contains(r.getMetadata().getName()));
    }
    return history;
  }

  @Test
  void eachNewTemplateIsTheNextRevisionAndKeepsItsTemplate() {
    List<ControllerRevision> history = recordAll(List.of("a", "b"));

    assertThat(history)
        .extracting(r -> r.getMetadata().getName())
        .containsExactly("chat-a", "chat-b");
    assertThat(history).extracting(ControllerRevision::getRevision).containsExactly(1L, 2L);
    assertThat(RevisionHistory.template(history.get(0)).getJvmOptions()).containsExactly("-Da");
    assertThat(RevisionHistory.database(history.get(0)))
        .usingRecursiveComparison()
        .isEqualTo(fleet("a").getSpec().getDatabase());
    assertThat(history.get(0).getMetadata().getLabels()).containsEntry(FleetLabels.FLEET, "chat");
  }

  @Test
  void goingBackToAnEarlierTemplateRenumbersItAsTheNewest() {
    List<ControllerRevision> history = recordAll(List.of("a", "b", "a"));

    assertThat(history)
        .extracting(r -> r.getMetadata().getName() + "=" + r.getRevision())
        .containsExactlyInAnyOrder("chat-b=2", "chat-a=3");
    assertThat(RevisionHistory.plan(fleet("a"), OWNER, "a", null, history).create()).isEmpty();
    assertThat(RevisionHistory.plan(fleet("a"), OWNER, "a", null, history).renumber()).isEmpty();
  }

  @Test
  void theOldestBeyondTheLimitAreDeletedButNeverTheCurrentRevision() {
    List<ControllerRevision> history = new ArrayList<>();
    for (int i = 0; i < RevisionHistory.LIMIT; i++) {
      history.add(
          RevisionHistory.plan(fleet("r" + i), OWNER, "r" + i, null, history)
              .create()
              .orElseThrow());
    }

    RevisionHistory.Changes eleventh =
        RevisionHistory.plan(fleet("new"), OWNER, "new", null, history);
    RevisionHistory.Changes keepingTheCurrent =
        RevisionHistory.plan(fleet("new"), OWNER, "new", "r0", history);

    assertThat(eleventh.delete()).containsExactly("chat-r0");
    assertThat(keepingTheCurrent.delete()).isEmpty();
  }

  @Test
  void theChangeCauseOnTheFleetIsRecorded() {
    RealtimeFleet fleet = fleet("a");
    fleet.getMetadata().setAnnotations(Map.of(RevisionHistory.CHANGE_CAUSE, "bump netty"));

    ControllerRevision made =
        RevisionHistory.plan(fleet, OWNER, "a", null, List.of()).create().orElseThrow();

    assertThat(made.getMetadata().getAnnotations())
        .containsEntry(RevisionHistory.CHANGE_CAUSE, "bump netty");
  }
}
