package io.rtfleet.node.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Checks the bearer token of the node admin API in constant time. */
public final class AdminCredentials {
  private final byte[] expected;

  public AdminCredentials(String adminToken) {
    if (adminToken == null || adminToken.length() < 16) {
      throw new IllegalArgumentException("admin token must be at least 16 characters");
    }
    this.expected = adminToken.getBytes(StandardCharsets.UTF_8);
  }

  /** Accepts an {@code Authorization} header value of the form {@code Bearer <token>}. */
  public boolean accepts(String authorizationHeader) {
    if (authorizationHeader == null || !authorizationHeader.startsWith("Bearer ")) {
      return false;
    }
    byte[] given = authorizationHeader.substring(7).getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, expected);
  }
}
