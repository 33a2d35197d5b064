package io.rtfleet.node.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PeerProofTest {
  private static final byte[] SECRET =
      "a fleet secret of at least 32 bytes!".getBytes(StandardCharsets.UTF_8);

  @Test
  void theRightSecretProvesItselfForThatNonceAndNodeOnly() {
    PeerProof server = new PeerProof(SECRET);
    PeerProof client = new PeerProof(SECRET.clone());
    byte[] nonce = server.newNonce();
    byte[] proof = client.prove(nonce, "node-1");

    assertThat(server.verify(nonce, "node-1", proof)).isTrue();
    assertThat(server.verify(nonce, "node-2", proof)).isFalse();
    assertThat(server.verify(server.newNonce(), "node-1", proof)).isFalse();
    assertThat(server.verify(nonce, "node-1", null)).isFalse();
  }

  @Test
  void anotherSecretFails() {
    PeerProof server = new PeerProof(SECRET);
    PeerProof stranger =
        new PeerProof("another secret, also 32 bytes long".getBytes(StandardCharsets.UTF_8));
    byte[] nonce = server.newNonce();
    assertThat(server.verify(nonce, "node-1", stranger.prove(nonce, "node-1"))).isFalse();
  }
}
