package io.rtfleet.node.session;

import io.rtfleet.api.protocol.CloseCode;

/** The connection a session is attached to, as the session sees it: frames out, and a close. */
public interface GatewayLink {
  /** Queues the dispatch frame {@code head + seq + "}"}; {@link #flush} sends what is queued. */
  void sendDispatch(byte[] head, long seq);

  void flush();

  /** False when the client reads slower than the session writes and the send buffer is full. */
  boolean writable();

  /** Sends op 7 RECONNECT; the client is expected to close and RESUME. */
  void requestReconnect();

  /** Whether op 7 was sent on this connection already. Read from any thread. */
  boolean reconnectRequested();

  void close(CloseCode code);
}
