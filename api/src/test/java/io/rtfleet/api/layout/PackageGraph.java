package io.rtfleet.api.layout;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which of our packages import which, read from source text. A package may only be understood after
 * the packages it imports; a cycle means neither can be read (or changed) alone.
 */
final class PackageGraph {
  private static final Pattern PACKAGE =
      Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);
  private static final Pattern IMPORT =
      Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+);", Pattern.MULTILINE);

  private final String prefix;
  private final Map<String, Set<String>> imports = new TreeMap<>();

  PackageGraph(String prefix) {
    this.prefix = prefix;
  }

  /** Adds one compilation unit. */
  void add(String source) {
    Matcher declared = PACKAGE.matcher(source);
    if (!declared.find()) {
      return;
    }
    String from = declared.group(1);
    Set<String> targets = imports.computeIfAbsent(from, p -> new TreeSet<>());
    Matcher imported = IMPORT.matcher(source);
    while (imported.find()) {
      String to = packageOf(imported.group(1));
      if (to.startsWith(prefix) && !to.equals(from)) {
        targets.add(to);
      }
    }
  }

  /** The name up to the first capitalised segment: a class, or a class's static member. */
  private static String packageOf(String imported) {
    List<String> segments = new ArrayList<>();
    for (String segment : imported.split("\\.")) {
      if (Character.isUpperCase(segment.charAt(0))) {
        break;
      }
      segments.add(segment);
    }
    return String.join(".", segments);
  }

  /** Every group of two or more packages that reach one another, each sorted. */
  List<Set<String>> cycles() {
    return new Tarjan().run();
  }

  /** Tarjan's strongly connected components. */
  private final class Tarjan {
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Integer> low = new HashMap<>();
    private final Deque<String> stack = new ArrayDeque<>();
    private final Set<String> onStack = new TreeSet<>();
    private final List<Set<String>> found = new ArrayList<>();

    List<Set<String>> run() {
      for (String node : imports.keySet()) {
        if (!index.containsKey(node)) {
          visit(node);
        }
      }
      return found;
    }

    private void visit(String node) {
      index.put(node, index.size());
      low.put(node, index.get(node));
      stack.push(node);
      onStack.add(node);
      for (String next : imports.getOrDefault(node, Set.of())) {
        if (!index.containsKey(next)) {
          visit(next);
          low.put(node, Math.min(low.get(node), low.get(next)));
        } else if (onStack.contains(next)) {
          low.put(node, Math.min(low.get(node), index.get(next)));
        }
      }
      if (low.get(node).equals(index.get(node))) {
        Set<String> component = new TreeSet<>();
        String member;
        do {
          member = stack.pop();
          onStack.remove(member);
          component.add(member);
        } while (!member.equals(node));
        if (component.size() > 1) {
          found.add(component);
        }
      }
    }
  }
}
