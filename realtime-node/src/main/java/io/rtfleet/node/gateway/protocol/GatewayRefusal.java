package io.rtfleet.node.gateway.protocol;

import io.rtfleet.api.protocol.CloseCode;

/** A client payload the gateway refuses by closing the connection with {@link #code()}. */
public final class GatewayRefusal extends Exception {
  private final CloseCode code;

  public GatewayRefusal(CloseCode code, String detail) {
    super(detail, null, false, false);
    this.code = code;
  }

  public CloseCode code() {
    return code;
  }
}
