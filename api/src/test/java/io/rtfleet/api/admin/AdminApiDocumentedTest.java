package io.rtfleet.api.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** docs/admin-api.md is the contract's reference: every path and every record must be in it. */
class AdminApiDocumentedTest {
  private static final Path REFERENCE = Path.of("..", "docs", "admin-api.md");

  @Test
  void everyPathIsDocumented() throws Exception {
    String reference = Files.readString(REFERENCE);
    List<String> missing = new ArrayList<>();
    for (Field field : AdminPaths.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        String path = (String) field.get(null);
        if (!reference.contains(path)) {
          missing.add(field.getName() + " " + path);
        }
      }
    }
    assertThat(missing).as("paths missing from %s", REFERENCE).isEmpty();
  }

  @Test
  void everyRecordIsDocumented() throws IOException {
    String reference = Files.readString(REFERENCE);
    Path sources = Path.of("src", "main", "java", "io", "rtfleet", "api", "admin");
    List<String> records;
    try (Stream<Path> files = Files.list(sources)) {
      records =
          files
              .map(file -> file.getFileName().toString())
              .filter(name -> name.endsWith(".java") && !name.equals("package-info.java"))
              .map(name -> name.substring(0, name.length() - ".java".length()))
              .filter(name -> !name.equals("AdminCodec"))
              .toList();
    }
    assertThat(records).isNotEmpty();
    assertThat(records.stream().filter(name -> !reference.contains("`" + name)).toList())
        .as("records missing from %s", REFERENCE)
        .isEmpty();
  }
}
