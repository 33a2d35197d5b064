package io.rtfleet.api.admin;

/**
 * Creates (or renames) a user and mints it a client token: a development and test convenience of
 * the admin API. {@code userId} names an existing user; null fields take defaults (a user, with
 * privileged intents, for 30 days).
 */
public record TokenRequest(
    String username, Boolean bot, Boolean privilegedIntents, Long ttlSeconds, String userId) {

  public static TokenRequest user(String username) {
    return new TokenRequest(username, null, null, null, null);
  }

  public static TokenRequest bot(String username) {
    return new TokenRequest(username, true, null, null, null);
  }
}
