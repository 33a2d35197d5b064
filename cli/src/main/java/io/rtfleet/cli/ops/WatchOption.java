package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * {@code -w, --watch} on a list command, as {@code kubectl get --watch}: after the listing, each
 * item again, one line (or document) each, whenever it changes, and the last line of one that went;
 * until Ctrl-C. A change is a change of the item itself, not of its age.
 */
final class WatchOption {
  private static final Duration POLL = Duration.ofSeconds(1);

  @Option(
      names = {"-w", "--watch"},
      description =
          "After the listing, print each item again whenever it changes (and one that goes),"
              + " until Ctrl-C.")
  boolean watch;

  /**
   * Follows the items {@code read} returns, {@code first} being those already listed, printing the
   * ones that change in {@code output}'s format (their row of {@code table}'s, for people).
   */
  <T> void follow(
      PrintWriter out,
      OutputOptions output,
      List<T> first,
      Callable<List<T>> read,
      Function<List<T>, Table> table,
      Function<T, String> key,
      Function<T, String> name)
      throws Exception {
    Map<String, String> seen = signatures(first, key);
    Map<String, String> lastRow = rows(first, table, key);
    while (true) {
      TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
      List<T> now = read.call();
      Map<String, String> rows = rows(now, table, key);
      Map<String, String> signatures = signatures(now, key);
      for (T item : now) {
        String id = key.apply(item);
        if (!signatures.get(id).equals(seen.get(id))) {
          output.printChange(out, item, rows.get(id), name);
        }
      }
      for (Map.Entry<String, String> gone : lastRow.entrySet()) {
        if (!signatures.containsKey(gone.getKey()) && output.forPeople()) {
          out.println(gone.getValue());
          out.flush();
        }
      }
      seen = signatures;
      lastRow = rows;
    }
  }

  private static <T> Map<String, String> signatures(List<T> items, Function<T, String> key) {
    Map<String, String> signatures = new HashMap<>();
    items.forEach(item -> signatures.put(key.apply(item), Serialization.asJson(item)));
    return signatures;
  }

  /** Each item's row of the table, which has one per item in their order. */
  private static <T> Map<String, String> rows(
      List<T> items, Function<List<T>, Table> table, Function<T, String> key) {
    List<String> lines = table.apply(items).lines();
    Map<String, String> rows = new LinkedHashMap<>();
    for (int i = 0; i < items.size(); i++) {
      rows.put(key.apply(items.get(i)), lines.get(i + 1));
    }
    return rows;
  }
}
