package io.rtfleet.node.model;

/** A user or bot account. Bots and users differ only in the {@code bot} flag. */
public record User(long id, String username, boolean bot, boolean privilegedIntents) {}
