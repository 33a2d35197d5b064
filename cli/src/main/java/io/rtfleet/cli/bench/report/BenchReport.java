package io.rtfleet.cli.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * A scenario's results: named figures in the order they were added. Printed as an aligned table for
 * people, or as one JSON object on the last line for machines ({@code -o json}).
 */
public final class BenchReport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String scenario;
  private final Map<String, Object> figures = new LinkedHashMap<>();

  public BenchReport(String scenario) {
    this.scenario = scenario;
  }

  public BenchReport put(String name, Object value) {
    figures.put(name, value);
    return this;
  }

  /** Latency percentiles in milliseconds from a histogram of microseconds. */
  public BenchReport latency(String name, Histogram micros) {
    Map<String, Double> percentiles = new LinkedHashMap<>();
    percentiles.put("p50", millis(micros.getValueAtPercentile(50)));
    percentiles.put("p90", millis(micros.getValueAtPercentile(90)));
    percentiles.put("p99", millis(micros.getValueAtPercentile(99)));
    percentiles.put("p999", millis(micros.getValueAtPercentile(99.9)));
    percentiles.put("max", millis(micros.getMaxValue()));
    figures.put(name, percentiles);
    return this;
  }

  private static double millis(long micros) {
    return Math.round(micros / 10.0) / 100.0;
  }

  public void print(PrintWriter out, boolean json) {
    if (json) {
      ObjectNode node = JSON.createObjectNode();
      node.put("scenario", scenario);
      figures.forEach((name, value) -> node.set(name, JSON.valueToTree(value)));
      out.println(node);
    } else {
      out.println();
      out.println("rtctl bench " + scenario);
      int width = figures.keySet().stream().mapToInt(String::length).max().orElse(10);
      figures.forEach((name, value) -> out.printf("  %-" + width + "s  %s%n", name, format(value)));
    }
    out.flush();
  }

  private static String format(Object value) {
    if (value instanceof Double number) {
      return String.format("%,.1f", number);
    }
    if (value instanceof Map<?, ?> map) {
      StringBuilder text = new StringBuilder();
      map.forEach((k, v) -> text.append(k).append('=').append(v).append(" ms  "));
      return text.toString().strip();
    }
    return String.valueOf(value);
  }
}
