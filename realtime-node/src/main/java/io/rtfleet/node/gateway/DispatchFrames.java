package io.rtfleet.node.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Writes a dispatch for one session: the shared encoding's head ({@code {"op":0,...,"s":}), the
 * session's own sequence number, and the closing brace. {@link #frame} builds the complete
 * WebSocket text frame (header and payload) in one buffer, so that the WebSocket encoder passes it
 * untouched: one allocation and one copy of the shared encoding per delivery.
 */
final class DispatchFrames {
  /** FIN set, opcode 1 (text). */
  private static final int FINAL_TEXT = 0x81;

  private DispatchFrames() {}

  /** The payload alone, for a text frame that goes through the zlib stream. */
  static ByteBuf payload(ByteBufAllocator alloc, byte[] head, long seq) {
    int digits = digits(seq);
    ByteBuf payload = alloc.buffer(head.length + digits + 1);
    writePayload(payload, head, seq, digits);
    return payload;
  }

  /** An unmasked server-to-client WebSocket text frame (RFC 6455 section 5.2). */
  static ByteBuf frame(ByteBufAllocator alloc, byte[] head, long seq) {
    int digits = digits(seq);
    int length = head.length + digits + 1;
    ByteBuf frame = alloc.buffer(length + 10);
    frame.writeByte(FINAL_TEXT);
    if (length < 126) {
      frame.writeByte(length);
    } else if (length < 65_536) {
      frame.writeByte(126);
      frame.writeShort(length);
    } else {
      frame.writeByte(127);
      frame.writeLong(length);
    }
    writePayload(frame, head, seq, digits);
    return frame;
  }

  private static void writePayload(ByteBuf frame, byte[] head, long seq, int digits) {
    frame.writeBytes(head);
    int end = frame.writerIndex() + digits;
    frame.writerIndex(end);
    long rest = seq;
    for (int at = end - 1; at >= end - digits; at--) {
      frame.setByte(at, (int) ('0' + rest % 10));
      rest /= 10;
    }
    frame.writeByte('}');
  }

  private static int digits(long value) {
    int digits = 1;
    for (long rest = value / 10; rest > 0; rest /= 10) {
      digits++;
    }
    return digits;
  }
}
