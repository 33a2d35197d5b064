package io.rtfleet.localkube;

/**
 * A pod the local kubelet cannot run: reported on the pod as a failure with this message. One that
 * waits for something (a Secret not created yet) is retried, as a kubelet retries.
 */
final class UnsupportedPod extends RuntimeException {
  private final boolean retryable;

  UnsupportedPod(String message) {
    this(message, false);
  }

  UnsupportedPod(String message, boolean retryable) {
    super(message, null, false, false);
    this.retryable = retryable;
  }

  boolean retryable() {
    return retryable;
  }
}
