package io.rtfleet.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class FollowDisplayTest {
  private record Read(String state, long left) {}

  /** Follows the reads given, in order, the last one done; returns what was printed. */
  private static String follow(boolean bar, Read... reads) throws InterruptedException {
    StringWriter printed = new StringWriter();
    PrintWriter out = new PrintWriter(printed);
    Iterator<Read> next = List.of(reads).iterator();
    Read last = reads[reads.length - 1];
    FleetWatch.follow(
        next::next,
        Read::state,
        Read::left,
        read -> read == last,
        Duration.ofMinutes(1),
        out,
        new FollowDisplay(out, bar));
    return printed.toString();
  }

  private static final Read[] DRAIN = {
    new Read("handing off its slots", 40), new Read("handing off its slots", 30),
    new Read("12 sessions attached", 12), new Read("cordoned", 0)
  };

  @Test
  void intoAPipeItPrintsALinePerStepAndNothingElse() throws InterruptedException {
    String printed = follow(false, DRAIN);

    assertThat(printed.lines())
        .hasSize(3)
        .allMatch(line -> line.matches(" {2}\\s*\\d+\\.\\ds {2}.+"));
    assertThat(printed)
        .containsSubsequence("handing off its slots", "12 sessions attached", "cordoned")
        .doesNotContain("\r", "\u001b", "[#");
  }

  @Test
  void onATerminalABarUnderTheStepsShowsTheShareOfTheWorkDoneAndGoesAtTheEnd()
      throws InterruptedException {
    String printed = follow(true, DRAIN);

    assertThat(printed)
        .containsSubsequence(
            "handing off its slots\n",
            "[" + ".".repeat(30) + "]   0%",
            "\r\u001b[K", // redrawn in place: 10 of 40 done
            "]  25%",
            "\r\u001b[K",
            "12 sessions attached\n",
            "]  70%",
            "\r\u001b[K",
            "cordoned\n",
            "[" + "#".repeat(30) + "] 100%")
        .endsWith("\r\u001b[K");
    // the step lines stay, as in a pipe, once the bar is taken out
    assertThat(printed.replaceAll("\r\u001b\\[K|  \\[[#.]+\\][^\r]*", ""))
        .isEqualTo(follow(false, DRAIN));
  }

  @Property
  void theBarKeepsItsWidthAndFillsAsTheWorkLeftFalls(
      @ForAll @LongRange(min = 0, max = 1_000_000) long most,
      @ForAll @LongRange(min = 0, max = 1_000_000) long left,
      @ForAll @DoubleRange(min = 0, max = 99_999) double seconds) {
    String bar = FollowDisplay.bar(seconds, left, most);
    String less = FollowDisplay.bar(seconds, Math.max(0, left - 1), most);

    assertThat(bar).hasSize(FollowDisplay.bar(0, 0, 0).length());
    assertThat(filled(less)).isGreaterThanOrEqualTo(filled(bar));
    if (left == 0 && most > 0) {
      assertThat(bar).contains("] 100%");
    }
    if (left >= most) {
      assertThat(filled(bar)).isZero();
    }
  }

  private static long filled(String bar) {
    return bar.chars().filter(c -> c == '#').count();
  }
}
