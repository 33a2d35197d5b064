package io.rtfleet.coordinator;

import java.util.ArrayList;
import java.util.List;

/**
 * A node's {@code /metrics} (Prometheus' text format) as its samples, for those who read the node's
 * counters: the operator's health gates, {@code rtctl top}. Pure.
 *
 * @param samples every sample line, in order
 */
public record MetricsText(List<Sample> samples) {
  /**
   * One sample line.
   *
   * @param name the metric's name, such as {@code rtfleet_events_in_total}
   * @param series the name with its labels, as written
   */
  public record Sample(String name, String series, double value) {
    /** The value of label {@code label}, or null. */
    public String label(String label) {
      int at = series.indexOf(label + "=\"");
      if (at < 0) {
        return null;
      }
      int start = at + label.length() + 2;
      return series.substring(start, series.indexOf('"', start));
    }
  }

  public static MetricsText parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.charAt(0) == '#') {
        continue;
      }
      int space = line.lastIndexOf(' ');
      if (space < 0) {
        continue;
      }
      String series = line.substring(0, space);
      double value;
      try {
        value = number(line.substring(space + 1).trim());
      } catch (NumberFormatException notAValue) {
        continue;
      }
      int brace = series.indexOf('{');
      samples.add(new Sample(brace < 0 ? series : series.substring(0, brace), series, value));
    }
    return new MetricsText(List.copyOf(samples));
  }

  /** Whether the text has a sample of metric {@code name}. */
  public boolean has(String name) {
    return samples.stream().anyMatch(sample -> sample.name().equals(name));
  }

  /** The sum of metric {@code name}'s samples, whatever their labels. */
  public double sum(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).mapToDouble(Sample::value).sum();
  }

  /** The sum of metric {@code name}'s samples whose {@code label} is {@code value}. */
  public double sum(String name, String label, String value) {
    return samples.stream()
        .filter(s -> s.name().equals(name) && value.equals(s.label(label)))
        .mapToDouble(Sample::value)
        .sum();
  }

  /** A sample value: a number, or {@code +Inf} / {@code -Inf}. */
  public static double number(String text) {
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text);
    };
  }
}
