package io.rtfleet.node.gateway;

import io.rtfleet.node.fleet.Fleet;
import io.rtfleet.node.fleet.PeerClient;
import io.rtfleet.node.fleet.PeerMessage;
import io.rtfleet.node.fleet.PeerMessage.EncodedDispatch;
import io.rtfleet.node.session.Dispatch;
import io.rtfleet.node.session.Session;
import io.rtfleet.node.store.SessionDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions that move between nodes. In a fleet a session id starts with the id of the node that
 * made it, its home ({@code node-2.3f9c…}); a client that resumes on another node (after op 7
 * during a drain) makes that node pull the session from where it lives: its settings, the
 * dispatches the client missed and its place in each guild. That node ends the session as it hands
 * it over. A session keeps its id when it moves, so one that moved before (a rolling restart drains
 * node after node) is no longer at its home; where it went is in the session directory, written by
 * the node it moved to. So a session is found in two hops at most, whatever the fleet's size: its
 * home, then the node the directory names. Its home may be gone by then (drained and deleted).
 */
public final class SessionTransfer {
  private static final Logger LOG = LoggerFactory.getLogger(SessionTransfer.class);
  private static final char SEPARATOR = '.';

  private final Fleet fleet;
  private final SessionDirectory directory;

  public SessionTransfer(Fleet fleet, SessionDirectory directory) {
    this.fleet = fleet;
    this.directory = directory;
  }

  /** A new session id: the node's id, then {@code random}. */
  public String newId(String random) {
    return fleet.isStandalone() ? random : fleet.selfId() + SEPARATOR + random;
  }

  /** Whether a session not found here may live on another node of the fleet. */
  boolean mayLiveElsewhere(String sessionId) {
    return !fleet.isStandalone() && sessionId.indexOf(SEPARATOR) > 0;
  }

  /** The node a session was made on. */
  private static String homeOf(String sessionId) {
    return sessionId.substring(0, sessionId.indexOf(SEPARATOR));
  }

  /**
   * The state of {@code userId}'s session from the node where it lives (its home, else the node the
   * directory names), or null when neither has it or it cannot be resumed from {@code clientSeq}.
   */
  CompletableFuture<Session.Transfer> pull(String sessionId, long clientSeq, long userId) {
    String home = homeOf(sessionId);
    PeerClient homeNode = fleet.peer(home);
    CompletableFuture<Session.Transfer> fromHome =
        homeNode == null
            ? CompletableFuture.completedFuture(null)
            : pullFrom(homeNode, sessionId, clientSeq, userId);
    return fromHome.thenCompose(
        found -> {
          if (found != null) {
            return CompletableFuture.completedFuture(found);
          }
          return directory
              .locate(sessionId)
              .thenCompose(
                  where -> {
                    PeerClient there =
                        where.isEmpty() || where.get().equals(home)
                            ? null
                            : fleet.peer(where.get());
                    return there == null
                        ? CompletableFuture.completedFuture(null)
                        : pullFrom(there, sessionId, clientSeq, userId);
                  });
        });
  }

  /** The session lives here now: the directory says so, unless this is its home. */
  void arrived(String sessionId) {
    CompletableFuture<Integer> recorded =
        homeOf(sessionId).equals(fleet.selfId())
            ? directory.ended(sessionId)
            : directory.movedTo(sessionId, fleet.selfId());
    recorded.exceptionally(
        failure -> {
          LOG.warn("a moved session's new place was not recorded: {}", failure.toString());
          return 0;
        });
  }

  /** A session that moved here ended for good: it lives nowhere now. */
  void endedAfterMoving(String sessionId) {
    directory.ended(sessionId).exceptionally(failure -> 0);
  }

  private static CompletableFuture<Session.Transfer> pullFrom(
      PeerClient peer, String sessionId, long clientSeq, long userId) {
    return peer.call(id -> new PeerMessage.PullSession(id, sessionId, clientSeq, userId))
        .thenApply(reply -> toTransfer(sessionId, (PeerMessage.SessionState) reply))
        .exceptionally(
            failure -> {
              // The client will be told to identify again: say why (not which session).
              LOG.warn("pulling a session from {} failed: {}", peer.peerId(), failure.toString());
              return null;
            });
  }

  private static Session.Transfer toTransfer(String sessionId, PeerMessage.SessionState state) {
    if (!state.found()) {
      return null;
    }
    List<Dispatch> missed = new ArrayList<>(state.missed().size());
    state.missed().forEach(dispatch -> missed.add(dispatch.toDispatch()));
    return new Session.Transfer(
        sessionId,
        state.userId(),
        state.intents(),
        state.shardId(),
        state.shardCount(),
        state.largeThreshold(),
        state.clientSeq(),
        missed,
        state.guildCursors());
  }

  /** The home node's answer to a pull: the session's state, or not found. */
  public static PeerMessage.SessionState toState(long requestId, Session.Transfer transfer) {
    if (transfer == null) {
      return new PeerMessage.SessionState(
          requestId, false, 0, 0, 0, 0, 0, 0, List.of(), java.util.Map.of());
    }
    List<EncodedDispatch> missed = new ArrayList<>(transfer.missed().size());
    transfer.missed().forEach(dispatch -> missed.add(EncodedDispatch.of(dispatch)));
    return new PeerMessage.SessionState(
        requestId,
        true,
        transfer.userId(),
        transfer.intents(),
        transfer.shardId(),
        transfer.shardCount(),
        transfer.largeThreshold(),
        transfer.clientSeq(),
        missed,
        transfer.guildCursors());
  }
}
