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

/**
 * Sessions that move between nodes. In a fleet a session id starts with the id of the node that
 * made it ({@code node-2.3f9c…}); a client that resumes on another node (after op 7 during a drain)
 * makes that node pull the session from its home: its settings, the dispatches the client missed
 * and its place in each guild. The home node ends the session as it hands it over.
 */
public final class SessionTransfer {
  private static final char SEPARATOR = '.';

  private final Fleet fleet;

  public SessionTransfer(Fleet fleet) {
    this.fleet = fleet;
  }

  /** A new session id: the node's id, then {@code random}. */
  public String newId(String random) {
    return fleet.isStandalone() ? random : fleet.selfId() + SEPARATOR + random;
  }

  /** The node a session was made on, when it is another node of the fleet; else null. */
  String homeOf(String sessionId) {
    int separator = sessionId.indexOf(SEPARATOR);
    if (fleet.isStandalone() || separator <= 0) {
      return null;
    }
    String home = sessionId.substring(0, separator);
    return home.equals(fleet.selfId()) ? null : home;
  }

  /** The session's state from its home node, or null when it cannot be resumed from there. */
  CompletableFuture<Session.Handover> pull(String sessionId, long clientSeq) {
    PeerClient home = fleet.peer(homeOf(sessionId));
    if (home == null) {
      return CompletableFuture.completedFuture(null);
    }
    return home.call(id -> new PeerMessage.PullSession(id, sessionId, clientSeq))
        .thenApply(reply -> toHandover(sessionId, (PeerMessage.SessionState) reply))
        .exceptionally(failure -> null);
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
