package io.rtfleet.node.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtfleet.node.fleet.PeerMessage;
import io.rtfleet.node.lanes.EventTail;
import io.rtfleet.node.lanes.Guild;
import io.rtfleet.node.session.Dispatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The receiving side of a two-step handoff: a guild prepared in advance is adopted without touching
 * the database unless its state changed since, and in every case it continues the giver's numbering
 * with every event handed, in order.
 */
class AdoptionsTest {
  private static final long GUILD = 42L << 22;

  private final List<Set<Long>> loads = new ArrayList<>();
  private final Map<Long, Guild> held = new ConcurrentHashMap<>();
  private long now;
  private final Adoptions adoptions =
      new Adoptions(
          guilds -> guilds.forEach(guild -> held.put(guild.id(), guild)),
          ids -> {
            loads.add(Set.copyOf(ids));
            return ids.stream().map(id -> new Guild(id, "loaded", 1)).toList();
          },
          Runnable::run,
          () -> now);

  @Test
  void preparedGuildWithUnchangedStateIsAdoptedWithoutLoadingAgain() {
    adoptions.prepare(adopt(true, handed(10, 3, events(7, 10))));
    adoptions.adopt(adopt(false, handed(12, 3, events(11, 12)))).join();

    assertThat(loads).hasSize(1);
    assertThat(held.get(GUILD).seq()).isEqualTo(12);
    assertThat(seqs(held.get(GUILD).tail().from(7, 12))).containsExactly(7L, 8L, 9L, 10L, 11L, 12L);
  }

  @Test
  void preparedGuildWhoseStateChangedIsLoadedAgainAndKeepsItsEvents() {
    adoptions.prepare(adopt(true, handed(10, 3, events(7, 10))));
    adoptions.adopt(adopt(false, handed(11, 4, events(11, 11)))).join();

    assertThat(loads).hasSize(2);
    Guild adopted = held.get(GUILD);
    assertThat(adopted.seq()).isEqualTo(11);
    assertThat(seqs(adopted.tail().from(7, 11))).containsExactly(7L, 8L, 9L, 10L, 11L);
  }

  @Test
  void eventsThatDoNotFollowOnStartTheGuildAfreshFromWhatWasHanded() {
    adoptions.prepare(adopt(true, handed(10, 3, events(7, 10))));
    // More events than the giver's tail reaches back: it hands its newest instead.
    adoptions.adopt(adopt(false, handed(300, 3, events(290, 300)))).join();

    Guild adopted = held.get(GUILD);
    assertThat(loads).hasSize(2);
    assertThat(adopted.seq()).isEqualTo(300);
    assertThat(adopted.tail().from(280, 300)).isNull();
    assertThat(seqs(adopted.tail().from(290, 300))).hasSize(11).startsWith(290L).endsWith(300L);
  }

  @Test
  void guildNeverPreparedIsLoadedAtAdoption() {
    adoptions.adopt(adopt(false, handed(5, 0, events(1, 5)))).join();

    assertThat(loads).containsExactly(Set.of(GUILD));
    assertThat(held.get(GUILD).seq()).isEqualTo(5);
  }

  @Test
  void preparationNobodyAdoptedExpires() {
    adoptions.prepare(adopt(true, handed(10, 3, events(7, 10))));
    now += Adoptions.STAGED_NANOS + 1;
    adoptions.prepare(adopt(true, List.of()));
    adoptions.adopt(adopt(false, handed(10, 3, List.of()))).join();

    assertThat(loads.stream().filter(ids -> ids.contains(GUILD))).hasSize(2);
  }

  private static PeerMessage.Adopt adopt(boolean prepare, List<PeerMessage.HandedGuild> guilds) {
    return new PeerMessage.Adopt(1, 1, prepare, guilds, null);
  }

  private static List<PeerMessage.HandedGuild> handed(
      long lastSeq, long stateVersion, List<PeerMessage.SequencedDispatch> events) {
    return List.of(new PeerMessage.HandedGuild(GUILD, lastSeq, stateVersion, events));
  }

  private static List<PeerMessage.SequencedDispatch> events(long first, long last) {
    List<PeerMessage.SequencedDispatch> events = new ArrayList<>();
    for (long seq = first; seq <= last; seq++) {
      Dispatch dispatch = Dispatch.always("MESSAGE_CREATE", "{\"n\":" + seq + "}");
      events.add(new PeerMessage.SequencedDispatch(seq, PeerMessage.EncodedDispatch.of(dispatch)));
    }
    return events;
  }

  private static List<Long> seqs(List<EventTail.Entry> entries) {
    return entries.stream().map(EventTail.Entry::seq).toList();
  }
}
