package io.rtfleet.node.fleet;

/** What a node does with the requests its peers send it over their links. */
public interface PeerRequests {
  /** Handles one request from an authenticated peer; answers, if at all, on {@code from}. */
  void handle(PeerLink from, PeerMessage request);
}
