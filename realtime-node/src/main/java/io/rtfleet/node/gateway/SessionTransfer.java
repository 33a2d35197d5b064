package io.rtfleet.node.gateway;

import io.rtfleet.node.fleet.Fleet;
import io.rtfleet.node.fleet.PeerClient;
import io.rtfleet.node.fleet.PeerMessage;
import io.rtfleet.node.fleet.PeerMessage.EncodedDispatch;
import io.rtfleet.node.session.Dispatch;
import io.rtfleet.node.session.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions that move between nodes. In a fleet a session id starts with the id of the node that
 * made it ({@code node-2.3f9c…}); a client that resumes on another node (after op 7 during a drain)
 * makes that node pull the session from where it lives: its settings, the dispatches the client
 * missed and its place in each guild. That node ends the session as it hands it over. A session
 * keeps its id when it moves, so one that moved before (a rolling restart drains node after node)
 * is no longer at its home: when the home does not have it, every other node is asked, and the one
 * that has it hands it over.
 */
public final class SessionTransfer {
  private static final Logger LOG = LoggerFactory.getLogger(SessionTransfer.class);
  private static final char SEPARATOR = '.';

  private final Fleet fleet;

  public SessionTransfer(Fleet fleet) {
    this.fleet = fleet;
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
   * The state of {@code userId}'s session from the node where it lives (its home first, then every
   * other node), or null when no node has it or it cannot be resumed from {@code clientSeq}.
   */
  CompletableFuture<Session.Handover> pull(String sessionId, long clientSeq, long userId) {
    PeerClient home = fleet.peer(homeOf(sessionId));
    CompletableFuture<Session.Handover> fromHome =
        home == null
            ? CompletableFuture.completedFuture(null)
            : pullFrom(home, sessionId, clientSeq, userId);
    return fromHome.thenCompose(
        found ->
            found != null
                ? CompletableFuture.completedFuture(found)
                : pullFromOthers(home, sessionId, clientSeq, userId));
  }

  private CompletableFuture<Session.Handover> pullFromOthers(
      PeerClient home, String sessionId, long clientSeq, long userId) {
    List<CompletableFuture<Session.Handover>> asked = new ArrayList<>();
    for (PeerClient peer : fleet.allPeers()) {
      if (peer != home) {
        asked.add(pullFrom(peer, sessionId, clientSeq, userId));
      }
    }
    // At most one node has the session: the answer is the one that is not null, if any.
    return CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new))
        .thenApply(
            done ->
                asked.stream()
                    .map(CompletableFuture::join)
                    .filter(java.util.Objects::nonNull)
                    .findFirst()
                    .orElse(null));
  }

  private static CompletableFuture<Session.Handover> pullFrom(
      PeerClient peer, String sessionId, long clientSeq, long userId) {
    return peer.call(id -> new PeerMessage.PullSession(id, sessionId, clientSeq, userId))
        .thenApply(reply -> toHandover(sessionId, (PeerMessage.SessionState) reply))
        .exceptionally(
            failure -> {
              // The client will be told to identify again: say why (not which session).
              LOG.warn("pulling a session from {} failed: {}", peer.peerId(), failure.toString());
              return null;
            });
  }

  private static Session.Handover toHandover(String sessionId, PeerMessage.SessionState state) {
    if (!state.found()) {
      return null;
    }
    List<Dispatch> missed = new ArrayList<>(state.missed().size());
    state.missed().forEach(dispatch -> missed.add(dispatch.toDispatch()));
    return new Session.Handover(
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
  public static PeerMessage.SessionState toState(long requestId, Session.Handover handover) {
    if (handover == null) {
      return new PeerMessage.SessionState(
          requestId, false, 0, 0, 0, 0, 0, 0, List.of(), java.util.Map.of());
    }
    List<EncodedDispatch> missed = new ArrayList<>(handover.missed().size());
    handover.missed().forEach(dispatch -> missed.add(EncodedDispatch.of(dispatch)));
    return new PeerMessage.SessionState(
        requestId,
        true,
        handover.userId(),
        handover.intents(),
        handover.shardId(),
        handover.shardCount(),
        handover.largeThreshold(),
        handover.clientSeq(),
        missed,
        handover.guildCursors());
  }
}
