package io.rtfleet.cli.bench.load;

/**
 * Reads what the bench needs from a gateway frame without a JSON parser: the dispatch type, the
 * sequence number and a bench stamp's offset. Dispatches from rtfleet nodes start with {@code
 * {"t":"TYPE"} and end with {@code ,"s":N}}; anything else returns nulls so the caller falls back
 * to a JSON parser.
 */
public final class FrameScanner {
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
}
