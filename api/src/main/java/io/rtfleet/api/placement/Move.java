package io.rtfleet.api.placement;

/** Slot {@code slot} changes owner from node {@code from} to node {@code to}. */
public record Move(int slot, String from, String to) {}
