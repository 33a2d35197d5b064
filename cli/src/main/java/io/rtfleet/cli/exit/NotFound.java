package io.rtfleet.cli.exit;

/** What a command names does not exist: exit code {@link ExitCodes#NOT_FOUND}. */
public final class NotFound extends RuntimeException {
  public NotFound(String message) {
    super(message);
  }
}
