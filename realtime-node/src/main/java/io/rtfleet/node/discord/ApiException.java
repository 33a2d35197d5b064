package io.rtfleet.node.discord;

/**
 * A request refused for a reason the caller can act on. {@code field} and {@code detail} name the
 * offending form field for {@link ApiError#INVALID_FORM_BODY}.
 */
public final class ApiException extends RuntimeException {
  private final ApiError error;
  private final String field;

  public ApiException(ApiError error) {
    this(error, null, error.message());
  }

  public ApiException(ApiError error, String field, String detail) {
    super(detail, null, false, false);
    this.error = error;
    this.field = field;
  }

  public static ApiException invalidField(String field, String detail) {
    return new ApiException(ApiError.INVALID_FORM_BODY, field, detail);
  }

  /** The cause of a failed future's {@code CompletionException} chain. */
  public static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  public ApiError error() {
    return error;
  }

  public String field() {
    return field;
  }
}
