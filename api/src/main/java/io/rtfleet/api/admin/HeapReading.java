package io.rtfleet.api.admin;

/** The node's heap in use after a full collection, for measuring memory per session. */
public record HeapReading(long heapUsedBytes) {}
