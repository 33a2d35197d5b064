package io.rtfleet.node.http;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.rtfleet.node.discord.ApiError;

/**
 * The answer to a request Netty's HTTP decoder could not read: headers past the limit are 431 (a
 * 10,000-character Authorization header among them), a request line past it 414, anything else 400.
 * The connection is closed after the answer, since the decoder has lost its place.
 */
public final class MalformedRequests {
  private MalformedRequests() {}

  public static ApiError refusal(DecoderResult result) {
    Throwable cause = result.cause();
    if (cause instanceof TooLongHttpHeaderException) {
      return ApiError.HEADERS_TOO_LARGE;
    }
    if (cause instanceof TooLongHttpLineException) {
      return ApiError.URI_TOO_LONG;
    }
    return ApiError.BAD_REQUEST;
  }
}
