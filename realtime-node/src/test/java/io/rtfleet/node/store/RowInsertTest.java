package io.rtfleet.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RowInsertTest {
  private final RowInsert.Table table =
      new RowInsert.Table(
          "notes",
          List.of(
              new RowInsert.Column("id", "int8", Long.class),
              new RowInsert.Column("body", "text", String.class)));

  @Test
  void aRowAloneIsAPlainInsertOfItsColumns() {
    assertThat(table.row(1L, "hello").sql())
        .isEqualTo("INSERT INTO notes (id, body) VALUES (?, ?)");
  }

  @Test
  void aRowWithTheWrongNumberOfValuesIsRefusedWithTheStatement() {
    assertThatThrownBy(() -> table.row(1L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("1 values for 2 columns: INSERT INTO notes (id, body) VALUES (?, ?)");
  }
}
