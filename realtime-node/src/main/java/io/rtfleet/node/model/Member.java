package io.rtfleet.node.model;

import java.time.Instant;

/** A user's membership of a guild. */
public record Member(long userId, Instant joinedAt) {}
