package io.rtfleet.api.admin;

/** How many sessions were asked to reconnect. */
public record ReconnectAnswer(int requested) {}
