package io.rtfleet.api.admin;

/** A minted token and the user it is for. */
public record TokenGrant(String token, User user) {
  public record User(String id, String username, boolean bot) {}
}
