package io.rtfleet.node.session;

import io.rtfleet.api.protocol.CloseCode;
import io.rtfleet.node.model.User;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One client session: its identity, the sequence numbers it has stamped, its replay buffer and the
 * connection it is attached to, if any. A session outlives its connection for a resume window.
 *
 * <p>Every method but the accessors runs on {@link #executor()}, the event loop of the connection
 * that identified it; guild lanes hand it dispatches by submitting tasks there, so a session needs
 * no locks.
 *
 * <p>The replay buffer doubles as the send queue: a dispatch is written at once only while the
 * connection is writable and nothing older is waiting; otherwise it waits in the buffer and is
 * written when the connection drains ({@link #catchUp}). So the memory a reader can pin is its
 * socket buffer plus the replay buffer, both bounded. A reader that falls behind by more than half
 * the replay buffer is closed with 4000 while it can still RESUME.
 */
public final class Session {
  private enum State {
    ATTACHED,
    DETACHED,
    INVALID
  }

  private final String id;
  private final User user;
  private final int intents;
  private final int shardId;
  private final int shardCount;
  private final int largeThreshold;
  private final ScheduledExecutorService executor;
  private final ReplayBuffer replay;
  private final Consumer<Session> onInvalidated;
  private volatile State state = State.ATTACHED;
  private boolean transferred;
  private volatile boolean arrived;
  // Written on the executor; the drainer reads it from its own thread.
  private volatile GatewayLink link;
  private long seq;
  private long writtenSeq;
  private ScheduledFuture<?> expiry;
  private final GuildCursors guildCursors = new GuildCursors();

  /**
   * What another node needs to take the session over: its settings, the dispatches after the
   * client's sequence number, and how far it got in each guild.
   */
  public record Transfer(
      String id,
      long userId,
      int intents,
      int shardId,
      int shardCount,
      int largeThreshold,
      long clientSeq,
      List<Dispatch> missed,
      Map<Long, Long> guildCursors) {}

  public Session(
      String id,
      User user,
      int intents,
      int shardId,
      int shardCount,
      int largeThreshold,
      ScheduledExecutorService executor,
      int replayCapacity,
      GatewayLink link,
      Consumer<Session> onInvalidated) {
    this.id = id;
    this.user = user;
    this.intents = intents;
    this.shardId = shardId;
    this.shardCount = shardCount;
    this.largeThreshold = largeThreshold;
    this.executor = executor;
    this.replay = new ReplayBuffer(replayCapacity);
    this.link = link;
    this.onInvalidated = onInvalidated;
  }

  public String id() {
    return id;
  }

  public User user() {
    return user;
  }

  public int intents() {
    return intents;
  }

  public int largeThreshold() {
    return largeThreshold;
  }

  public ScheduledExecutorService executor() {
    return executor;
  }

  public boolean isLive() {
    return state != State.INVALID;
  }

  public boolean isAttached() {
    return state == State.ATTACHED;
  }

  /** Whether this session's shard receives the guild's events ({@code (id >> 22) % count}). */
  public boolean follows(long guildId) {
    return shardCount <= 1 || (guildId >>> 22) % shardCount == shardId;
  }

  public long seq() {
    return seq;
  }

  public int replaySize() {
    return replay.size();
  }

  /** Delivers to every session of one executor and flushes each once; runs on that executor. */
  public static int deliverAll(Session[] sessions, Dispatch dispatch) {
    int stamped = 0;
    for (Session session : sessions) {
      if (session.enqueue(dispatch)) {
        stamped++;
      }
    }
    for (Session session : sessions) {
      session.flush();
    }
    return stamped;
  }

  public void deliver(Dispatch dispatch) {
    enqueue(dispatch);
    flush();
  }

  /** Stamps the dispatch unless the session's intents filter it out; true when stamped. */
  private boolean enqueue(Dispatch dispatch) {
    if (state == State.INVALID) {
      return false;
    }
    if (dispatch.guildId() != 0) {
      guildCursors.advance(dispatch.guildId(), dispatch.guildSeq());
    }
    byte[] head = dispatch.headFor(intents, user.id());
    if (head == null) {
      return false;
    }
    seq++;
    replay.append(dispatch);
    if (link == null) {
      return true;
    }
    if (writtenSeq == seq - 1 && link.writable()) {
      link.sendDispatch(head, seq);
      writtenSeq = seq;
    } else if (seq - writtenSeq > replay.capacity() / 2) {
      link.close(CloseCode.UNKNOWN_ERROR);
    }
    return true;
  }

  /** Writes what waits in the replay buffer while the connection {@code to} takes it. */
  public void catchUp(GatewayLink to) {
    if (link != to || state != State.ATTACHED) {
      return;
    }
    while (writtenSeq < seq && link.writable()) {
      writtenSeq++;
      link.sendDispatch(replay.get(writtenSeq).headFor(intents, user.id()), writtenSeq);
    }
    link.flush();
  }

  private void flush() {
    if (link != null) {
      link.flush();
    }
  }

  /** The client confirmed it received everything up to {@code ackedSeq} (heartbeat's d). */
  public void acknowledge(long ackedSeq) {
    replay.acknowledge(Math.min(ackedSeq, writtenSeq));
  }

  /**
   * The connection {@code from} is closed. A resumable close leaves the session waiting {@code
   * resumeWindow} for a RESUME; any other ends it. A connection the session has already left (it
   * resumed elsewhere) changes nothing.
   */
  public void closedBy(GatewayLink from, boolean resumable, Duration resumeWindow) {
    if (link != from || state != State.ATTACHED) {
      return;
    }
    if (!resumable) {
      invalidate();
      return;
    }
    link = null;
    state = State.DETACHED;
    expiry = executor.schedule(this::invalidate, resumeWindow.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Attaches a new connection and replays every dispatch after {@code clientSeq}, then RESUMED.
   * Returns false, changing nothing, when the session cannot be resumed from there.
   */
  public boolean resume(GatewayLink to, long clientSeq, Dispatch resumed) {
    if (state == State.INVALID || !replay.canReplayAfter(clientSeq, seq)) {
      return false;
    }
    if (expiry != null) {
      expiry.cancel(false);
      expiry = null;
    }
    GatewayLink previous = link;
    link = to;
    state = State.ATTACHED;
    writtenSeq = clientSeq;
    if (previous != null) {
      previous.close(CloseCode.SESSION_TIMED_OUT);
    }
    seq++;
    replay.append(resumed);
    catchUp(to);
    return true;
  }

  /**
   * Gives the session to another node where its client resumes: returns its state and ends it here,
   * or returns null when it cannot be resumed from {@code clientSeq}. Runs on its executor.
   */
  public Transfer transfer(long clientSeq) {
    if (state == State.INVALID || !replay.canReplayAfter(clientSeq, seq)) {
      return null;
    }
    List<Dispatch> missed = new ArrayList<>();
    for (long next = clientSeq + 1; next <= seq; next++) {
      missed.add(replay.get(next));
    }
    Transfer transfer =
        new Transfer(
            id,
            user.id(),
            intents,
            shardId,
            shardCount,
            largeThreshold,
            clientSeq,
            missed,
            guildCursors.toMap());
    transferred = true;
    endAndClose(CloseCode.SESSION_TIMED_OUT);
    return transfer;
  }

  /** Whether the session ended because it moved to another node (its user is still online). */
  public boolean wasTransferred() {
    return transferred;
  }

  /**
   * Continues a session transferred from another node, before it resumes here: the dispatches its
   * client missed wait in the replay buffer, numbered from {@code clientSeq + 1}.
   */
  /** Whether the session moved here from another node. */
  public boolean arrivedFromElsewhere() {
    return arrived;
  }

  public void continueFrom(Transfer transfer) {
    seq = transfer.clientSeq();
    writtenSeq = seq;
    replay.startAt(seq + 1);
    for (Dispatch dispatch : transfer.missed()) {
      seq++;
      replay.append(dispatch);
    }
    guildCursors.putAll(transfer.guildCursors());
    link = null;
    state = State.DETACHED;
    arrived = true;
  }

  /** Asks the client to reconnect (op 7) so that it resumes, possibly on another node. */
  public void requestReconnect() {
    GatewayLink current = link;
    if (current != null) {
      current.requestReconnect();
    }
  }

  /** Whether the connection the session is attached to now was asked to reconnect already. */
  public boolean reconnectRequested() {
    GatewayLink current = link;
    return current != null && current.reconnectRequested();
  }

  /**
   * Ends the session and drops its connection, when its event stream has a gap it cannot fill: the
   * client's RESUME then gets op 9 and it identifies anew, as after a node failure.
   */
  public void restart() {
    endAndClose(CloseCode.UNKNOWN_ERROR);
  }

  private void endAndClose(CloseCode code) {
    GatewayLink last = link;
    invalidate();
    if (last != null) {
      last.close(code);
    }
  }

  /** Ends the session for good: it can no longer be resumed and leaves every guild. */
  public void invalidate() {
    if (state == State.INVALID) {
      return;
    }
    state = State.INVALID;
    link = null;
    if (expiry != null) {
      expiry.cancel(false);
      expiry = null;
    }
    onInvalidated.accept(this);
  }
}
