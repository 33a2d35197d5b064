package io.rtfleet.node.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtfleet.api.protocol.CloseCode;
import io.rtfleet.api.protocol.Intent;
import io.rtfleet.node.model.User;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionTest {
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
  private final AtomicInteger invalidations = new AtomicInteger();

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  /** Records what the session writes; writability is switched by the test. */
  private static final class RecordingLink implements GatewayLink {
    final List<String> frames = new ArrayList<>();
    final List<CloseCode> closes = new ArrayList<>();
    boolean writable = true;
    int reconnects;

    @Override
    public void sendDispatch(byte[] head, long seq) {
      frames.add(new String(head, StandardCharsets.UTF_8) + seq + "}");
    }

    @Override
    public void flush() {}

    @Override
    public boolean writable() {
      return writable;
    }

    @Override
    public void requestReconnect() {
      reconnects++;
    }

    @Override
    public boolean reconnectRequested() {
      return reconnects > 0;
    }

    @Override
    public void close(CloseCode code) {
      closes.add(code);
    }
  }

  private Session session(RecordingLink link, int intents, int replay) {
    return new Session(
        "s",
        new User(7, "u", false, true),
        intents,
        0,
        1,
        50,
        executor,
        replay,
        link,
        ended -> invalidations.incrementAndGet());
  }

  private static Dispatch message(int n) {
    return Dispatch.message(
        "MESSAGE_CREATE", "{\"content\":\"m" + n + "\"}", "{\"content\":\"\"}", 1);
  }

  @Test
  void stampsConsecutiveSequenceNumbersAndSkipsFilteredDispatches() {
    RecordingLink link = new RecordingLink();
    Session session = session(link, Intent.GUILDS | Intent.GUILD_MESSAGES, 16);
    session.deliver(message(1));
    session.deliver(Dispatch.gated("TYPING_START", Intent.GUILD_MESSAGE_TYPING, "{}"));
    session.deliver(message(2));
    assertThat(link.frames)
        .containsExactly(
            "{\"t\":\"MESSAGE_CREATE\",\"op\":0,\"d\":{\"content\":\"\"},\"s\":1}",
            "{\"t\":\"MESSAGE_CREATE\",\"op\":0,\"d\":{\"content\":\"\"},\"s\":2}");
  }

  @Test
  void waitsWhileTheLinkIsFullAndCatchesUpInOrder() {
    RecordingLink link = new RecordingLink();
    Session session = session(link, Intent.GUILD_MESSAGES | Intent.MESSAGE_CONTENT, 16);
    session.deliver(message(1));
    link.writable = false;
    session.deliver(message(2));
    session.deliver(message(3));
    assertThat(link.frames).hasSize(1);
    link.writable = true;
    session.deliver(message(4));
    assertThat(link.frames).hasSize(1); // nothing jumps the queue
    session.catchUp(link);
    assertThat(link.frames)
        .extracting(f -> f.replaceAll(".*\"s\":", ""))
        .containsExactly("1}", "2}", "3}", "4}");
    assertThat(link.closes).isEmpty();
  }

  @Test
  void aReaderBehindByHalfTheReplayBufferIsClosedResumably() {
    RecordingLink link = new RecordingLink();
    Session session = session(link, Intent.GUILD_MESSAGES, 8);
    link.writable = false;
    for (int i = 0; i < 5; i++) {
      session.deliver(message(i));
    }
    assertThat(link.closes).containsExactly(CloseCode.UNKNOWN_ERROR);
    assertThat(CloseCode.UNKNOWN_ERROR.resumable()).isTrue();
  }

  @Test
  void resumeReplaysEverythingAfterTheClientsSeqThenResumed() {
    RecordingLink first = new RecordingLink();
    Session session = session(first, Intent.GUILD_MESSAGES | Intent.MESSAGE_CONTENT, 16);
    for (int i = 1; i <= 3; i++) {
      session.deliver(message(i));
    }
    session.closedBy(first, true, Duration.ofMinutes(1));
    session.deliver(message(4));
    RecordingLink second = new RecordingLink();
    assertThat(session.resume(second, 2, Dispatch.always("RESUMED", "{}"))).isTrue();
    assertThat(second.frames)
        .containsExactly(
            "{\"t\":\"MESSAGE_CREATE\",\"op\":0,\"d\":{\"content\":\"m3\"},\"s\":3}",
            "{\"t\":\"MESSAGE_CREATE\",\"op\":0,\"d\":{\"content\":\"m4\"},\"s\":4}",
            "{\"t\":\"RESUMED\",\"op\":0,\"d\":{},\"s\":5}");
  }

  @Test
  void resumeFromBeforeWhatTheBufferHoldsIsRefused() {
    RecordingLink link = new RecordingLink();
    Session session = session(link, Intent.GUILD_MESSAGES, 2);
    for (int i = 1; i <= 4; i++) {
      session.deliver(message(i));
    }
    session.closedBy(link, true, Duration.ofMinutes(1));
    assertThat(session.resume(new RecordingLink(), 1, Dispatch.always("RESUMED", "{}"))).isFalse();
    assertThat(session.resume(new RecordingLink(), 9, Dispatch.always("RESUMED", "{}"))).isFalse();
    assertThat(session.isLive()).isTrue();
  }

  @Test
  void aNonResumableCloseEndsTheSessionButAnOldConnectionsCloseDoesNot() {
    RecordingLink first = new RecordingLink();
    Session session = session(first, Intent.GUILD_MESSAGES, 16);
    session.closedBy(first, true, Duration.ofMinutes(1));
    RecordingLink second = new RecordingLink();
    session.resume(second, 0, Dispatch.always("RESUMED", "{}"));
    session.closedBy(first, false, Duration.ofMinutes(1));
    assertThat(session.isLive()).isTrue();
    session.closedBy(second, false, Duration.ofMinutes(1));
    assertThat(session.isLive()).isFalse();
    assertThat(invalidations).hasValue(1);
  }
}
