package io.rtfleet.controller.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.UniqueElements;

class PodNamesTest {
  @Property
  void theMissingPodsBringTheFleetToItsReplicasWithTheLowestFreeOrdinals(
      @ForAll @Size(max = 8) @UniqueElements List<@IntRange(min = 0, max = 12) Integer> existing,
      @ForAll @Size(max = 8) List<Boolean> terminating,
      @ForAll @IntRange(min = 0, max = 15) int replicas) {
    List<Pod> pods = new ArrayList<>();
    int running = 0;
    for (int i = 0; i < existing.size(); i++) {
      boolean going = i < terminating.size() && terminating.get(i);
      running += going ? 0 : 1;
      pods.add(
          new PodBuilder()
              .withNewMetadata()
              .withName("chat-" + existing.get(i))
              .withDeletionTimestamp(going ? "2026-11-30T00:00:00Z" : null)
              .endMetadata()
              .build());
    }

    List<String> missing = PodNames.missing("chat", pods, replicas);

    assertThat(missing).hasSize(Math.max(0, replicas - running)).doesNotHaveDuplicates();
    Set<String> taken = new HashSet<>();
    pods.forEach(pod -> taken.add(pod.getMetadata().getName()));
    assertThat(missing).noneMatch(taken::contains);
    // no free ordinal below the highest one chosen was skipped
    int highest =
        missing.stream().mapToInt(name -> Integer.parseInt(name.substring(5))).max().orElse(-1);
    for (int ordinal = 0; ordinal < highest; ordinal++) {
      assertThat(taken.contains("chat-" + ordinal) || missing.contains("chat-" + ordinal))
          .as("ordinal %d", ordinal)
          .isTrue();
    }
  }
}
