package io.rtfleet.node.gateway.protocol;

/**
 * The close codes a client may send (RFC 6455 §7.4.1 and the IANA registry): 1000–1003 and
 * 1007–1014 are defined, 3000–4999 belong to libraries and applications; 1004–1006 and 1015 must
 * never appear on the wire, and nothing below 1000 or from 5000 up is defined. Netty's decoder lets
 * codes from 5000 up through, so the gateway checks them itself instead of echoing them back.
 */
public final class ClientCloseCodes {
  private ClientCloseCodes() {}

  public static boolean isValid(int code) {
    return (code >= 1000 && code <= 1003)
        || (code >= 1007 && code <= 1014)
        || (code >= 3000 && code <= 4999);
  }
}
