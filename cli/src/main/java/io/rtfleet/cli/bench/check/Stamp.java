package io.rtfleet.cli.bench.check;

/**
 * What a bench message carries in its content so that the receiver can check and time it: the
 * stream (one publisher posting to one guild), its counter in that stream and the send time. {@code
 * rtb:<stream>:<counter>:<sentNanos>:} followed by padding to the payload size; only JSON- safe
 * characters, so a receiver can find it in the raw frame without a JSON parser.
 */
public record Stamp(int stream, int counter, long sentNanos) {
  public static final String PREFIX = "rtb:";

  public String content(int payloadBytes) {
    String head = PREFIX + stream + ":" + counter + ":" + sentNanos + ":";
    return head.length() >= payloadBytes ? head : head + "x".repeat(payloadBytes - head.length());
  }

  /** Parses a stamp from {@code text[from..]}; null when it is not a bench stamp. */
  public static Stamp parse(CharSequence text, int from) {
    if (!startsWith(text, from, PREFIX)) {
      return null;
    }
    long[] fields = new long[3];
    int at = from + PREFIX.length();
    for (int field = 0; field < 3; field++) {
      long value = 0;
      int digits = 0;
      while (at < text.length() && Character.isDigit(text.charAt(at))) {
        value = value * 10 + (text.charAt(at++) - '0');
        digits++;
      }
      if (digits == 0 || at >= text.length() || text.charAt(at) != ':') {
        return null;
      }
      at++;
      fields[field] = value;
    }
    return new Stamp((int) fields[0], (int) fields[1], fields[2]);
  }

  private static boolean startsWith(CharSequence text, int from, String prefix) {
    if (text.length() - from < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (text.charAt(from + i) != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
