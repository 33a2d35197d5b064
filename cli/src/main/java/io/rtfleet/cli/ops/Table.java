package io.rtfleet.cli.ops;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Rows printed in aligned columns under upper-case headers, as kubectl prints them. */
final class Table {
  private final List<String[]> rows = new ArrayList<>();
  private int hidden;

  Table(String... headers) {
    rows.add(headers);
  }

  /**
   * Leaves the last {@code columns} out when printing: the columns of {@code -o wide}, which every
   * row carries whether they are shown or not.
   */
  Table hidingLast(int columns) {
    hidden = columns;
    return this;
  }

  Table row(Object... cells) {
    String[] text = new String[cells.length];
    for (int i = 0; i < cells.length; i++) {
      text[i] = cells[i] == null ? "<none>" : String.valueOf(cells[i]);
    }
    rows.add(text);
    return this;
  }

  void print(PrintWriter out) {
    lines().forEach(out::println);
    out.flush();
  }

  /** The header's line, then each row's, aligned. */
  List<String> lines() {
    int columns = rows.get(0).length - hidden;
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    List<String> lines = new ArrayList<>();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        line.append(
            i == columns - 1 ? row[i] : String.format("%-" + (widths[i] + 3) + "s", row[i]));
      }
      lines.add(line.toString().stripTrailing());
    }
    return lines;
  }
}
