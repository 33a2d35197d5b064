package io.rtfleet.node.fleet;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Challenge and response of a peer link: the server sends a random nonce, the client answers with
 * HMAC-SHA256(fleet secret, "rtfleet-peer-v1", nonce, node id). The secret never crosses the link
 * and a recorded answer is worthless for another nonce.
 */
public final class PeerProof {
  private static final byte[] CONTEXT = "rtfleet-peer-v1".getBytes(StandardCharsets.UTF_8);
  private static final int NONCE_BYTES = 32;

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  public PeerProof(byte[] fleetSecret) {
    this.key = new SecretKeySpec(fleetSecret, "HmacSHA256");
  }

  public byte[] newNonce() {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    return nonce;
  }

  public byte[] prove(byte[] nonce, String nodeId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(CONTEXT);
      mac.update(nonce);
      mac.update(nodeId.getBytes(StandardCharsets.UTF_8));
      return mac.doFinal();
    } catch (GeneralSecurityException impossible) {
      throw new IllegalStateException("HmacSHA256 is unavailable", impossible);
    }
  }

  /** Constant-time check of a client's answer to {@code nonce}. */
  public boolean verify(byte[] nonce, String nodeId, byte[] proof) {
    return nodeId != null
        && proof != null
        && nonce.length == NONCE_BYTES
        && MessageDigest.isEqual(prove(nonce, nodeId), proof);
  }
}
