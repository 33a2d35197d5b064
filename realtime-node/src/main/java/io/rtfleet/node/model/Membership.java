package io.rtfleet.node.model;

/** A user's membership of a guild. */
public record Membership(long userId, long guildId) {}
