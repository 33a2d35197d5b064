package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * {@code -o} as kubectl's read commands have it: {@code table} (the default: aligned columns),
 * {@code wide} (more columns), {@code json} and {@code yaml} (everything the table summarizes, as
 * one document; several items as a kubectl {@code List}), {@code name} (one {@code kind/name} per
 * line, for scripts).
 */
public final class OutputOptions {
  /** The formats, named as kubectl names them. */
  public enum Format {
    table,
    wide,
    json,
    yaml,
    name
  }

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "table (default), wide, json, yaml or name.")
  Format format = Format.table;

  boolean wide() {
    return format == Format.wide;
  }

  /** Whether the command prints its own human text (a table, a plan) rather than a document. */
  boolean forPeople() {
    return format == Format.table || format == Format.wide;
  }

  /**
   * Prints {@code items}: the table {@code table} builds (for table and wide only), one JSON or
   * YAML {@code List} document of them, or their names.
   */
  <T> void print(PrintWriter out, List<T> items, Supplier<Table> table, Function<T, String> name) {
    switch (format) {
      case table:
      case wide:
        table.get().print(out);
        break;
      case name:
        items.forEach(item -> out.println(name.apply(item)));
        break;
      default:
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("apiVersion", "v1");
        list.put("kind", "List");
        list.put("items", items);
        document(out, list);
    }
    out.flush();
  }

  /** Prints one item as a document or by its name; false for table and wide, printing nothing. */
  boolean printDocument(PrintWriter out, Object item, String name) {
    if (forPeople()) {
      return false;
    }
    if (format == Format.name) {
      out.println(name);
    } else {
      document(out, item);
    }
    out.flush();
    return true;
  }

  /**
   * One item as {@code --watch} prints it when it changes: its {@code row} of the table (table and
   * wide), its name, or its document.
   */
  <T> void printChange(PrintWriter out, T item, String row, Function<T, String> name) {
    switch (format) {
      case table:
      case wide:
        out.println(row);
        break;
      case name:
        out.println(name.apply(item));
        break;
      default:
        document(out, item);
    }
    out.flush();
  }

  private void document(PrintWriter out, Object document) {
    if (format == Format.json) {
      out.println(Serialization.asJson(document));
    } else {
      out.print(Serialization.asYaml(document));
    }
  }
}
