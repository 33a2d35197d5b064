package io.rtfleet.node.auth;

/** What a verified token says about its bearer. */
public record TokenClaims(long userId, boolean bot, long expiresAtEpochSecond) {}
