package io.rtfleet.controller.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtfleet.api.crd.RealtimeFleetSpec;
import io.rtfleet.controller.SampleFleets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RevisionTest {
  @Test
  void theSameTemplateHasTheSameRevisionAndAnyChangeToWhatRunsMakesANewOne() {
    RealtimeFleetSpec spec = SampleFleets.spec(3);
    String revision = Revision.of(spec.getTemplate(), spec.getDatabase());

    RealtimeFleetSpec same = SampleFleets.spec(7); // replicas are not what runs
    assertThat(Revision.of(same.getTemplate(), same.getDatabase())).isEqualTo(revision).hasSize(10);

    RealtimeFleetSpec image = SampleFleets.spec(3);
    image.getTemplate().setImage("ghcr.io/rtfleet/realtime-node:0.2.0");
    RealtimeFleetSpec jvm = SampleFleets.spec(3);
    jvm.getTemplate().setJvmOptions(List.of("-Xmx2g"));
    RealtimeFleetSpec database = SampleFleets.spec(3);
    database.getDatabase().getUrlSecret().setName("other");
    assertThat(
            List.of(
                Revision.of(image.getTemplate(), image.getDatabase()),
                Revision.of(jvm.getTemplate(), jvm.getDatabase()),
                Revision.of(database.getTemplate(), database.getDatabase())))
        .doesNotContain(revision)
        .doesNotHaveDuplicates();
  }
}
