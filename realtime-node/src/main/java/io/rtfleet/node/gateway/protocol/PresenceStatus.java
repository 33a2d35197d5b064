package io.rtfleet.node.gateway.protocol;

import io.rtfleet.api.protocol.CloseCode;
import java.util.Set;

/** The statuses a client may set with IDENTIFY's presence or op 3. */
public final class PresenceStatus {
  private static final Set<String> KNOWN = Set.of("online", "idle", "dnd", "invisible", "offline");

  private PresenceStatus() {}

  public static String parse(String status) throws GatewayRefusal {
    if (!KNOWN.contains(status)) {
      throw new GatewayRefusal(CloseCode.DECODE_ERROR, "unknown status: " + status);
    }
    return "offline".equals(status) ? "invisible" : status;
  }
}
