package io.rtfleet.node.fleet;

/**
 * A request to a peer that got no answer. {@link #sent()} tells the two cases a caller must keep
 * apart: a request never written to the link (no connection, or it dropped before the request's
 * turn) was certainly not carried out and may be retried; one that was written may have been
 * carried out, and only the peer knows.
 */
public final class PeerCallFailure extends RuntimeException {
  private final boolean sent;

  PeerCallFailure(String message, boolean sent) {
    super(message, null, false, false);
    this.sent = sent;
  }

  public boolean sent() {
    return sent;
  }
}
