package io.rtfleet.cli.bench.load;

/**
 * Reads what the bench needs from a gateway frame without a JSON parser: the dispatch type, the
 * sequence number and a bench stamp's offset. Dispatches from rtfleet nodes start with {@code
 * {"t":"TYPE"} and end with {@code ,"s":N}}; anything else returns nulls so the caller falls back
 * to a JSON parser.
 */
public final class FrameScanner {
  private static final byte[] MESSAGE_CREATE_PREFIX =
      "{\"t\":\"MESSAGE_CREATE\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] STAMP_KEY =
      ("\"content\":\"" + io.rtfleet.cli.bench.check.Stamp.PREFIX)
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private static final String TYPE_PREFIX = "{\"t\":\"";
  private static final String SEQ_KEY = "\"s\":";
  private static final String CONTENT_KEY = "\"content\":\"";

  private FrameScanner() {}

  /** The dispatch type, or null when the frame is not laid out as a dispatch. */
  public static String type(String frame) {
    if (!frame.startsWith(TYPE_PREFIX)) {
      return null;
    }
    int end = frame.indexOf('"', TYPE_PREFIX.length());
    return end < 0 ? null : frame.substring(TYPE_PREFIX.length(), end);
  }

  /** The {@code s} at the end of a dispatch, or -1. */
  public static long seq(String frame) {
    int key = frame.lastIndexOf(SEQ_KEY);
    if (key < 0) {
      return -1;
    }
    long value = 0;
    int digits = 0;
    for (int i = key + SEQ_KEY.length(); i < frame.length(); i++) {
      char c = frame.charAt(i);
      if (c < '0' || c > '9') {
        break;
      }
      value = value * 10 + (c - '0');
      digits++;
    }
    return digits == 0 ? -1 : value;
  }

  /** Where the message content starts, or -1. */
  public static int contentStart(String frame) {
    int key = frame.indexOf(CONTENT_KEY);
    return key < 0 ? -1 : key + CONTENT_KEY.length();
  }

  /** Whether the frame is a MESSAGE_CREATE dispatch laid out by an rtfleet node. */
  public static boolean isMessageCreate(io.netty.buffer.ByteBuf frame) {
    return startsWith(frame, frame.readerIndex(), MESSAGE_CREATE_PREFIX);
  }

  /** The {@code s} at the very end ({@code ,"s":N}}), or -1. */
  public static long seq(io.netty.buffer.ByteBuf frame) {
    int end = frame.writerIndex() - 1;
    if (end < frame.readerIndex() || frame.getByte(end) != '}') {
      return -1;
    }
    long value = 0;
    long scale = 1;
    int at = end - 1;
    while (at >= frame.readerIndex() && frame.getByte(at) >= '0' && frame.getByte(at) <= '9') {
      value += (frame.getByte(at) - '0') * scale;
      scale *= 10;
      at--;
    }
    boolean keyed =
        scale > 1
            && at - 3 >= frame.readerIndex()
            && frame.getByte(at) == ':'
            && frame.getByte(at - 1) == '"'
            && frame.getByte(at - 2) == 's'
            && frame.getByte(at - 3) == '"';
    return keyed ? value : -1;
  }

  /**
   * Reads the bench stamp of a message frame into {@code out} ({stream, counter, sentNanos}); false
   * when the content is not a stamp.
   */
  public static boolean stamp(io.netty.buffer.ByteBuf frame, long[] out) {
    int key = indexOf(frame, STAMP_KEY);
    if (key < 0) {
      return false;
    }
    int at = key + STAMP_KEY.length;
    for (int field = 0; field < 3; field++) {
      long value = 0;
      int digits = 0;
      while (at < frame.writerIndex() && frame.getByte(at) >= '0' && frame.getByte(at) <= '9') {
        value = value * 10 + (frame.getByte(at++) - '0');
        digits++;
      }
      if (digits == 0 || at >= frame.writerIndex() || frame.getByte(at) != ':') {
        return false;
      }
      at++;
      out[field] = value;
    }
    return true;
  }

  private static int indexOf(io.netty.buffer.ByteBuf frame, byte[] needle) {
    int last = frame.writerIndex() - needle.length;
    for (int i = frame.readerIndex(); i <= last; i++) {
      if (frame.getByte(i) == needle[0] && startsWith(frame, i, needle)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean startsWith(io.netty.buffer.ByteBuf frame, int from, byte[] prefix) {
    if (frame.writerIndex() - from < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (frame.getByte(from + i) != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
