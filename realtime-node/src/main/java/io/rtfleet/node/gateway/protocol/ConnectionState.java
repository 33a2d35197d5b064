package io.rtfleet.node.gateway.protocol;

import io.rtfleet.api.protocol.CloseCode;
import io.rtfleet.api.protocol.Opcode;

/**
 * Which opcodes a gateway connection accepts in which phase, as Discord's gateway does: a heartbeat
 * at any time; IDENTIFY or RESUME once, before anything else that needs a session (4005 for a
 * second one, 4003 for a session-only opcode first); unknown opcodes 4001. Nothing is accepted once
 * the connection closes. Pure: the connection reports what happened and asks.
 */
public final class ConnectionState {
  /** Where a connection is in its life. */
  public enum Phase {
    /** HELLO sent; waiting for IDENTIFY or RESUME. */
    AWAITING_IDENTIFY,
    /** RESUME received; the session is being found (perhaps on another node). */
    RESUMING,
    /** A session is attached: identified, or resumed. */
    ATTACHED,
    /** A close was sent or received; every further frame is ignored. */
    CLOSING
  }

  private Phase phase = Phase.AWAITING_IDENTIFY;

  public Phase phase() {
    return phase;
  }

  public boolean closing() {
    return phase == Phase.CLOSING;
  }

  /** Refuses {@code op} in this phase with the close code Discord uses. */
  public void admit(int op) throws GatewayRefusal {
    switch (op) {
      case Opcode.HEARTBEAT -> {}
      case Opcode.IDENTIFY, Opcode.RESUME -> {
        if (phase != Phase.AWAITING_IDENTIFY) {
          throw new GatewayRefusal(CloseCode.ALREADY_AUTHENTICATED, "already identified");
        }
      }
      case Opcode.PRESENCE_UPDATE, Opcode.VOICE_STATE_UPDATE, Opcode.REQUEST_GUILD_MEMBERS -> {
        if (phase != Phase.ATTACHED) {
          throw new GatewayRefusal(CloseCode.NOT_AUTHENTICATED, "not identified");
        }
      }
      default -> throw new GatewayRefusal(CloseCode.UNKNOWN_OPCODE, "unknown op " + op);
    }
  }

  public void resuming() {
    move(Phase.AWAITING_IDENTIFY, Phase.RESUMING);
  }

  /** A session was identified, or found for a RESUME. */
  public void attached() {
    if (phase != Phase.CLOSING) {
      phase = Phase.ATTACHED;
    }
  }

  /** A RESUME failed (op 9 sent): the client may identify on this connection. */
  public void resumeRefused() {
    if (phase != Phase.CLOSING) {
      phase = Phase.AWAITING_IDENTIFY;
    }
  }

  public void startClosing() {
    phase = Phase.CLOSING;
  }

  private void move(Phase from, Phase to) {
    if (phase == from) {
      phase = to;
    }
  }
}
