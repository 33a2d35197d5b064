package io.rtfleet.cli.fleet;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * How a followed operation is shown: a line for each step, with the time since it began; on a
 * terminal also a progress bar under them, redrawn in place, with the share of the work done and
 * the time it has taken. The work is counted in whatever the operation has left (a drain's slots
 * and sessions, a rollout's outdated nodes): the most ever seen left is all of it.
 */
public final class FollowDisplay {
  static final int BAR_WIDTH = 30;
  private static final String CLEAR_LINE = "\r\u001b[K";

  private final PrintWriter out;
  private final boolean bar;
  private long most;
  private boolean drawn;

  FollowDisplay(PrintWriter out, boolean bar) {
    this.out = out;
    this.bar = bar;
  }

  /**
   * A bar when rtctl runs on a terminal (its input and output both are one, as {@link
   * System#console()} tells) that can move its cursor; lines only into a pipe, a file or a test.
   */
  static FollowDisplay of(PrintWriter out) {
    return new FollowDisplay(
        out, System.console() != null && !"dumb".equals(System.getenv("TERM")));
  }

  /** What was read {@code seconds} after the start: its state, and the work it has left. */
  void show(double seconds, String state, boolean changed, long left) {
    most = Math.max(most, left);
    if (drawn) {
      out.print(CLEAR_LINE);
    }
    if (changed) {
      out.printf("  %5.1fs  %s%n", seconds, state);
    }
    if (bar) {
      out.print(bar(seconds, left, most));
      drawn = true;
    }
    out.flush();
  }

  /** The operation ended: the bar goes, the step lines stay. */
  void end() {
    if (drawn) {
      out.print(CLEAR_LINE);
      out.flush();
      drawn = false;
    }
  }

  /**
   * The bar for {@code left} of {@code most}: {@code [#########.....] 30% 12.3s}. Nothing ever left
   * (an operation that has not started its work) shows as none done yet.
   */
  static String bar(double seconds, long left, long most) {
    double done = most <= 0 ? 0 : 1 - (double) Math.min(left, most) / most;
    int filled = (int) Math.floor(done * BAR_WIDTH);
    return "  ["
        + "#".repeat(filled)
        + ".".repeat(BAR_WIDTH - filled)
        + String.format(Locale.ROOT, "] %3d%%  %7.1fs", (int) Math.floor(done * 100), seconds);
  }
}
