package io.rtfleet.cli.bench.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The checker must catch what it is there to catch: streams doctored with each fault. */
class DeliveryCheckerTest {
  /** Message k of every stream is sent at k times this (nanoseconds). */
  private static final long SENT_EVERY = 10;

  private static DeliveryChecker publish(int streams, int messages) {
    DeliveryChecker checker = new DeliveryChecker();
    for (int stream = 0; stream < streams; stream++) {
      for (int counter = 0; counter < messages; counter++) {
        checker.accepted(stream, counter, SENT_EVERY * counter);
      }
    }
    return checker;
  }

  @Test
  void aFaithfulStreamIsClean() {
    DeliveryChecker checker = publish(2, 100);
    SessionLedger ledger = checker.newLedger();
    ledger.expect(0);
    ledger.expect(1);
    long seq = 0;
    for (int counter = 0; counter < 100; counter++) {
      ledger.received(0, counter);
      ledger.sequence(++seq);
      ledger.received(1, counter);
      ledger.sequence(++seq);
    }
    assertThat(checker.verdict()).isEqualTo(new Verdict(200, 0, 0, 0, 0, 0));
    assertThat(checker.verdict().clean()).isTrue();
  }

  @Property
  void injectedLossDuplicationAndReorderingAreEachCounted(
      @ForAll @IntRange(min = 3, max = 300) int messages,
      @ForAll @IntRange(min = 0, max = 5) int losses,
      @ForAll @IntRange(min = 0, max = 5) int duplicates,
      @ForAll @IntRange(min = 0, max = 5) int swaps,
      @ForAll long seed) {
    DeliveryChecker checker = publish(1, messages);
    Random random = new Random(seed);
    List<Integer> delivered = new ArrayList<>();
    for (int counter = 0; counter < messages; counter++) {
      delivered.add(counter);
    }
    List<Integer> positions = new ArrayList<>(delivered);
    Collections.shuffle(positions, random);
    int lost = Math.min(losses, messages - 2);
    List<Integer> dropped = positions.subList(0, lost);
    delivered.removeAll(dropped);
    int swapped = 0;
    for (int i = 0; i < swaps && delivered.size() >= 2 * (i + 1); i++) {
      // swap disjoint adjacent pairs: each swap makes exactly one message arrive late
      int at = 2 * i;
      Collections.swap(delivered, at, at + 1);
      swapped++;
    }
    for (int i = 0; i < duplicates; i++) {
      delivered.add(delivered.get(random.nextInt(delivered.size())));
    }
    SessionLedger ledger = checker.newLedger();
    ledger.expect(0);
    delivered.forEach(counter -> ledger.received(0, counter));

    Verdict verdict = checker.verdict();
    assertThat(verdict.lost()).isEqualTo(lost);
    assertThat(verdict.duplicated()).isEqualTo(duplicates);
    assertThat(verdict.reordered()).isEqualTo(swapped);
    assertThat(verdict.clean()).isEqualTo(lost == 0 && duplicates == 0 && swapped == 0);
  }

  @Test
  void breaksInTheSessionSequenceAreCountedAndANewSessionRestartsIt() {
    DeliveryChecker checker = new DeliveryChecker();
    SessionLedger ledger = checker.newLedger();
    ledger.sequence(1);
    ledger.sequence(2);
    ledger.sequence(4);
    ledger.sequence(4);
    ledger.newSession(0);
    ledger.sequence(1);
    assertThat(checker.verdict().seqGaps()).isEqualTo(2);
  }

  @Property
  void aReidentifiedSessionIsExcusedOnlyWhatWasSentBeforeItsGuildCameBack(
      @ForAll @IntRange(min = 20, max = 300) int messages,
      @ForAll @IntRange(min = 0, max = 9) int lastBefore,
      @ForAll @IntRange(min = 1, max = 9) int windowLength,
      @ForAll @IntRange(min = 0, max = 3) int lossesAfter) {
    DeliveryChecker checker = publish(1, messages);
    SessionLedger ledger = checker.newLedger();
    ledger.expect(0);
    for (int counter = 0; counter <= lastBefore; counter++) {
      ledger.received(0, counter);
    }
    int firstOwed = lastBefore + windowLength;
    ledger.newSession(SENT_EVERY * lastBefore + 1);
    // the new GUILD_CREATE arrives after message firstOwed - 1 was sent, before firstOwed was
    ledger.guildCreated(SENT_EVERY * firstOwed - 1);
    int lost = 0;
    for (int counter = firstOwed; counter < messages; counter++) {
      if (lost < lossesAfter) {
        lost++;
        continue;
      }
      ledger.received(0, counter);
    }
    Verdict verdict = checker.verdict();
    assertThat(verdict.missedAtReidentify()).isEqualTo(windowLength - 1);
    assertThat(verdict.lost()).isEqualTo(lost);
    assertThat(verdict.duplicated()).isZero();
    assertThat(verdict.reordered()).isZero();
  }

  @Test
  void aSessionThatNeverGetsItsGuildBackHasLostWhatWasSentAfterItsReidentify() {
    DeliveryChecker checker = publish(1, 10);
    SessionLedger ledger = checker.newLedger();
    ledger.expect(0);
    for (int counter = 0; counter < 4; counter++) {
      ledger.received(0, counter);
    }
    ledger.newSession(SENT_EVERY * 5 + 1);
    Verdict verdict = checker.verdict();
    assertThat(verdict.missedAtReidentify()).isEqualTo(2);
    assertThat(verdict.lost()).isEqualTo(4);
  }

  @Test
  void guildCreatesAfterTheFirstMessageDoNotReopenTheWindow() {
    DeliveryChecker checker = publish(1, 10);
    SessionLedger ledger = checker.newLedger();
    ledger.expect(0);
    ledger.received(0, 0);
    ledger.newSession(SENT_EVERY + 1);
    ledger.guildCreated(SENT_EVERY * 3 - 1);
    ledger.received(0, 3);
    ledger.guildCreated(SENT_EVERY * 9);
    for (int counter = 4; counter < 9; counter++) {
      ledger.received(0, counter);
    }
    Verdict verdict = checker.verdict();
    assertThat(verdict.missedAtReidentify()).isEqualTo(2);
    assertThat(verdict.lost()).isEqualTo(1);
  }

  @Test
  void messagesOfStreamsNotFollowedAreNotDeliveries() {
    DeliveryChecker checker = publish(2, 3);
    SessionLedger ledger = checker.newLedger();
    ledger.expect(0);
    for (int counter = 0; counter < 3; counter++) {
      ledger.received(0, counter);
      ledger.received(1, counter);
    }
    assertThat(checker.verdict()).isEqualTo(new Verdict(3, 0, 0, 0, 0, 0));
  }

  @Test
  void stampsRoundTripThroughTheirContentAtAnyPayloadSize() {
    Stamp stamp = new Stamp(12, 345, 6789012345L);
    for (int size : new int[] {1, 30, 100, 1000}) {
      String content = stamp.content(size);
      // padded up to the payload size; a stamp longer than that is never cut
      assertThat(content.length()).isGreaterThanOrEqualTo(size);
      assertThat(content).startsWith("rtb:12:345:6789012345:");
      assertThat(Stamp.parse("\"content\":\"" + content, 11)).isEqualTo(stamp);
    }
    assertThat(Stamp.parse("hello", 0)).isNull();
    assertThat(Stamp.parse("rtb:1:2:", 0)).isNull();
  }
}
