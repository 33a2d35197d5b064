package io.rtfleet.api.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PackageGraphTest {
  @Test
  void findsPackagesThatImportEachOtherThroughAThird() {
    PackageGraph graph = new PackageGraph("io.x");
    graph.add("package io.x.a;\nimport io.x.b.B;\nclass A {}");
    graph.add("package io.x.b;\nimport static io.x.c.C.helper;\nclass B {}");
    graph.add("package io.x.c;\nimport io.x.a.A.Inner;\nimport java.util.List;\nclass C {}");
    graph.add("package io.x.d;\nimport io.x.a.A;\nclass D {}");

    assertThat(graph.cycles()).containsExactly(Set.of("io.x.a", "io.x.b", "io.x.c"));
  }

  @Test
  void layersThatOnlyImportDownwardsHaveNoCycle() {
    PackageGraph graph = new PackageGraph("io.x");
    graph.add("package io.x.top;\nimport io.x.middle.M;\nimport io.x.bottom.B;\nclass T {}");
    graph.add("package io.x.middle;\nimport io.x.bottom.B;\nclass M {}");
    graph.add("package io.x.bottom;\nimport io.y.Other;\nclass B {}");

    assertThat(graph.cycles()).isEmpty();
  }
}
