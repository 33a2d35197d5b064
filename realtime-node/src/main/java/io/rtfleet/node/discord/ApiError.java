package io.rtfleet.node.discord;

/** Discord's JSON error codes, each with the HTTP status it is answered with. */
public enum ApiError {
  BAD_REQUEST(400, 0, "400: Bad Request"),
  UNAUTHORIZED(401, 0, "401: Unauthorized"),
  NOT_FOUND(404, 0, "404: Not Found"),
  METHOD_NOT_ALLOWED(405, 0, "405: Method Not Allowed"),
  UNKNOWN_CHANNEL(404, 10003, "Unknown Channel"),
  UNKNOWN_GUILD(404, 10004, "Unknown Guild"),
  UNKNOWN_INVITE(404, 10006, "Unknown Invite"),
  UNKNOWN_MEMBER(404, 10007, "Unknown Member"),
  UNKNOWN_MESSAGE(404, 10008, "Unknown Message"),
  UNKNOWN_USER(404, 10013, "Unknown User"),
  REQUEST_TOO_LARGE(413, 40005, "Request entity too large"),
  URI_TOO_LONG(414, 0, "414: URI Too Long"),
  HEADERS_TOO_LARGE(431, 0, "431: Request Header Fields Too Large"),
  BOT_CANNOT_USE(403, 20001, "Bots cannot use this endpoint"),
  MISSING_ACCESS(403, 50001, "Missing Access"),
  CANNOT_EDIT_OTHERS_MESSAGE(403, 50005, "Cannot edit a message authored by another user"),
  EMPTY_MESSAGE(400, 50006, "Cannot send an empty message"),
  MISSING_PERMISSIONS(403, 50013, "Missing Permissions"),
  INVALID_FORM_BODY(400, 50035, "Invalid Form Body"),
  INVALID_JSON(400, 50109, "The request body contains invalid JSON."),
  CONFLICT(409, 0, "409: Conflict"),
  RATE_LIMITED(429, 0, "You are being rate limited."),
  UNAVAILABLE(503, 0, "Service temporarily unavailable, try again"),
  OUTCOME_UNKNOWN(
      504,
      0,
      "504: Gateway Timeout. The guild's owner did not answer in time and the request may have"
          + " been carried out; retry it with the same nonce to have it carried out once");

  private final int httpStatus;
  private final int code;
  private final String message;

  ApiError(int httpStatus, int code, String message) {
    this.httpStatus = httpStatus;
    this.code = code;
    this.message = message;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public int code() {
    return code;
  }

  public String message() {
    return message;
  }
}
