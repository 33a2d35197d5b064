package io.rtfleet.cli.top;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The text of one refresh of {@code rtctl top}: a summary line, the key help, and the node table,
 * cut to the screen's width. Pure.
 */
final class TopScreen {
  private TopScreen() {}

  static List<String> lines(
      String fleet, String summary, List<TopRow> rows, TopRow.Sort sort, int width, boolean keys) {
    List<String> lines = new ArrayList<>();
    lines.add(cut("fleet " + fleet + ": " + summary, width));
    if (keys) {
      lines.add(
          cut(
              "sort: n name  s sessions  g guilds  l slots  m msg/s  p p99   q quit   (by "
                  + sort.name().toLowerCase(Locale.ROOT)
                  + ")",
              width));
    }
    lines.add("");
    String format = "%-14s %-18s %9s %8s %6s %9s %10s %9s";
    lines.add(
        cut(
            String.format(
                format,
                "NODE",
                "PHASE",
                "SESSIONS",
                "GUILDS",
                "SLOTS",
                "MSG/S",
                "DELIVER/S",
                "P99 MS"),
            width));
    for (TopRow row : rows) {
      lines.add(
          cut(
              String.format(
                  Locale.ROOT,
                  format,
                  row.node(),
                  row.phase(),
                  row.sessions(),
                  row.guilds(),
                  row.slots(),
                  rate(row.eventsPerSecond()),
                  rate(row.deliveriesPerSecond()),
                  row.p99Millis() == null
                      ? "-"
                      : String.format(Locale.ROOT, "%.1f", row.p99Millis())),
              width));
    }
    return lines;
  }

  private static String rate(Double perSecond) {
    return perSecond == null ? "-" : String.format(Locale.ROOT, "%.0f", perSecond);
  }

  private static String cut(String line, int width) {
    return width > 0 && line.length() > width ? line.substring(0, width) : line;
  }
}
