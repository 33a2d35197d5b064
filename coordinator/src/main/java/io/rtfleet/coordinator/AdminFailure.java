package io.rtfleet.coordinator;

import java.io.InterruptedIOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A failed admin call, classified by what its caller must do about it, as Strimzi's roller
 * classifies its failures rather than catching everything alike.
 */
public final class AdminFailure extends RuntimeException {
  /** What went wrong, and so what to do next. */
  public enum Kind {
    /** No answer to a connection attempt: retry; past the node's grace, fail it over. */
    UNREACHABLE,
    /** The node has a newer placement than the one sent: read the fleet again and replan. */
    STALE_EPOCH,
    /** The node was asked and did not answer: the request may have been carried out; recover. */
    OUTCOME_UNKNOWN,
    /** The node refused the request as wrong (4xx): retrying it unchanged will not help. */
    REFUSED,
    /** The node failed (5xx): retry later. */
    NODE_ERROR
  }

  private final String nodeId;
  private final Kind kind;
  private final int status;
  private final long epoch;

  public AdminFailure(String nodeId, Kind kind, int status, long epoch, String message) {
    this(nodeId, kind, status, epoch, message, null);
  }

  /** As the other constructor, keeping what failed underneath (a timeout, a reset connection). */
  public AdminFailure(
      String nodeId, Kind kind, int status, long epoch, String message, Throwable cause) {
    super(nodeId + ": " + message, cause, false, false);
    this.nodeId = nodeId;
    this.kind = kind;
    this.status = status;
    this.epoch = epoch;
  }

  public static AdminFailure unreachable(String nodeId, String why) {
    return new AdminFailure(nodeId, Kind.UNREACHABLE, 0, -1, "unreachable: " + why);
  }

  public String nodeId() {
    return nodeId;
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status the node answered, 0 when it did not answer. */
  public int status() {
    return status;
  }

  /** For {@link Kind#STALE_EPOCH}, the epoch the node has; -1 otherwise. */
  public long epoch() {
    return epoch;
  }

  /** Whether the call ran out of time waiting for the node's answer. */
  public boolean timedOut() {
    return getCause() instanceof InterruptedIOException;
  }

  /** The admin failure behind a failed future or call, or an {@link #unknown} one. */
  public static AdminFailure of(String nodeId, Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof AdminFailure known) {
      return known;
    }
    return unknown(nodeId, cause);
  }

  private static AdminFailure unknown(String nodeId, Throwable cause) {
    return new AdminFailure(nodeId, Kind.NODE_ERROR, 0, -1, String.valueOf(cause));
  }
}
