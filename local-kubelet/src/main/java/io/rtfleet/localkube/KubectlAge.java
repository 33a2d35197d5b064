package io.rtfleet.localkube;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** An age as kubectl shows it: 45s, 12m, 3h, 5d. */
public final class KubectlAge {
  private KubectlAge() {}

  /** The age at {@code now} of what was created at {@code timestamp} (RFC 3339). */
  public static String of(String timestamp, Instant now) {
    if (timestamp == null) {
      return "<unknown>";
    }
    try {
      Duration age = Duration.between(Instant.parse(timestamp), now);
      if (age.toSeconds() < 120) {
        return Math.max(0, age.toSeconds()) + "s";
      }
      if (age.toMinutes() < 120) {
        return age.toMinutes() + "m";
      }
      if (age.toHours() < 48) {
        return age.toHours() + "h";
      }
      return age.toDays() + "d";
    } catch (DateTimeParseException unreadable) {
      return timestamp;
    }
  }
}
