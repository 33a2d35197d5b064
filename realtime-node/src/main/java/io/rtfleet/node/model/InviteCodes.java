package io.rtfleet.node.model;

import java.security.SecureRandom;

/**
 * Invite codes: ten random characters, then the guild's id in eleven. The random part is what makes
 * an invite an access boundary (62^10, about 2^59, to guess); the id part lets any node send a
 * request about an invite to its guild's owner without a fleet-wide index of codes. Guild ids are
 * not secret on Discord either.
 */
public final class InviteCodes {
  private static final String DIGITS =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final int RANDOM_CHARS = 10;

  /** 62^11 > 2^64: any id fits. */
  private static final int ID_CHARS = 11;

  public static final int LENGTH = RANDOM_CHARS + ID_CHARS;

  private InviteCodes() {}

  public static String newCode(long guildId, SecureRandom random) {
    StringBuilder code = new StringBuilder(LENGTH);
    for (int i = 0; i < RANDOM_CHARS; i++) {
      code.append(DIGITS.charAt(random.nextInt(DIGITS.length())));
    }
    char[] id = new char[ID_CHARS];
    long rest = guildId;
    for (int i = ID_CHARS - 1; i >= 0; i--) {
      id[i] = DIGITS.charAt((int) Long.remainderUnsigned(rest, DIGITS.length()));
      rest = Long.divideUnsigned(rest, DIGITS.length());
    }
    return code.append(id).toString();
  }

  /** The guild a code is for, or 0 when it is not a code this node makes. */
  public static long guildOf(String code) {
    if (code == null || code.length() != LENGTH) {
      return 0;
    }
    long id = 0;
    for (int i = 0; i < code.length(); i++) {
      int digit = DIGITS.indexOf(code.charAt(i));
      if (digit < 0) {
        return 0;
      }
      if (i >= RANDOM_CHARS) {
        long shifted = id * DIGITS.length();
        if (Long.divideUnsigned(shifted, DIGITS.length()) != id) {
          return 0;
        }
        id = shifted + digit;
        if (Long.compareUnsigned(id, shifted) < 0) {
          return 0;
        }
      }
    }
    return id > 0 ? id : 0;
  }
}
