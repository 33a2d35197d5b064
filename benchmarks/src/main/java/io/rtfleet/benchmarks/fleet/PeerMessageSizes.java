package io.rtfleet.benchmarks.fleet;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.rtfleet.node.fleet.PeerCodec;
import io.rtfleet.node.fleet.PeerMessage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The encoded size of the peer messages a drain sends, by the node's own codec. */
final class PeerMessageSizes {
  private PeerMessageSizes() {}

  static int of(PeerMessage message) {
    ByteBuf out = Unpooled.buffer();
    try {
      PeerCodec.write(message, out);
      return out.readableBytes();
    } finally {
      out.release();
    }
  }

  /**
   * A session's pull: the request, and its state with {@code guilds} cursors and nothing missed.
   */
  static int sessionTransfer(int guilds) {
    String sessionId = "node-417:" + "0123456789abcdef".repeat(2);
    Map<Long, Long> cursors = new LinkedHashMap<>();
    for (int i = 0; i < guilds; i++) {
      cursors.put(1_300_000_000_000_000_000L + i, 123_456L);
    }
    return of(new PeerMessage.PullSession(1, sessionId, 4_321, 1_300_000_000_000_000_001L))
        + of(
            new PeerMessage.SessionState(
                1, true, 1_300_000_000_000_000_001L, 513, 0, 1, 50, 4_321, List.of(), cursors));
  }

  /** A follow of one guild from where a transferred session got to, and its empty answer. */
  static int follow() {
    return of(new PeerMessage.Follow(1, 42, 1_300_000_000_000_000_000L, 50, false, 123_456))
        + of(
            new PeerMessage.Followed(
                1, 1_300_000_000_000_000_000L, true, 123_456, null, List.of()));
  }
}
