package io.rtfleet.api.admin;

/** Sends op 7 to one session, or to every session when {@code sessionId} is null. */
public record ReconnectRequest(String sessionId) {}
