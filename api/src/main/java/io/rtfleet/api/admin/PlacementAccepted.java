package io.rtfleet.api.admin;

/** A node took a placement: the epoch now in force there. */
public record PlacementAccepted(long epoch) {}
