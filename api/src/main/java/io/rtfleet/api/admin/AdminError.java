package io.rtfleet.api.admin;

/**
 * An error answer: a message for people, and for a refused placement (409) the epoch the node has,
 * so that the caller can re-read and plan again.
 */
public record AdminError(int code, String message, Long epoch) {}
