package io.rtfleet.node.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtfleet.node.gateway.protocol.ClientCloseCodes;
import io.rtfleet.node.testing.Bystander;
import io.rtfleet.node.testing.RawWebSocket;
import io.rtfleet.node.testing.TestNode;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Malformed WebSocket frames, below what any client library would send (reserved bits, unknown
 * opcodes, unmasked frames, fragmented control frames, stray continuations, close frames with any
 * code or a broken reason, text that is not UTF-8, frames over the payload limit), then a proper
 * close: the node ends every such connection with a code a server may send, or answers and then
 * closes normally; it never hangs, and a well-behaved session on the same node keeps receiving.
 */
class GatewayFrameFuzzIT {
  private static TestNode node;
  private static Bystander bystander;

  @BeforeContainer
  static void start() throws Exception {
    node = TestNode.start();
    bystander = new Bystander(node);
  }

  @AfterContainer
  static void stop() throws Exception {
    bystander.close();
    node.close();
  }

  // Each try a connection and a bystander's round trip: jqwik draws new frames every run, so CI
  // covers more of them across runs than one run's budget allows.
  @Property(tries = 80)
  void everyMalformedFrameEndsCleanlyAndHurtsNobodyElse(@ForAll("frames") byte[] frame)
      throws Exception {
    try (RawWebSocket client = RawWebSocket.connect(node.gatewayUrl())) {
      client.readFrame(); // HELLO
      try {
        client.sendRaw(frame);
        client.sendClose(1000);
      } catch (java.io.IOException closedAlready) {
        // the node closed the connection before the rest was written
      }
      int code = client.awaitClose(Duration.ofSeconds(10));
      assertThat(code == -1 || ClientCloseCodes.isValid(code))
          .as(
              "close code %d after %s",
              code, java.util.HexFormat.of().formatHex(frame, 0, Math.min(16, frame.length)))
          .isTrue();
    }
    bystander.stillReceives();
  }

  @Provide
  Arbitrary<byte[]> frames() {
    Arbitrary<Integer> first = Arbitraries.integers().between(0, 255);
    Arbitrary<byte[]> payload = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    Arbitrary<byte[]> anyMasked =
        Combinators.combine(first, payload).as(GatewayFrameFuzzIT::masked);
    Arbitrary<byte[]> unmasked =
        Combinators.combine(first, payload).as(GatewayFrameFuzzIT::unmasked);
    Arbitrary<byte[]> closes =
        Combinators.combine(Arbitraries.integers().between(0, 65_535), payload)
            .as(
                (code, reason) -> {
                  byte[] body = new byte[2 + Math.min(reason.length, 100)];
                  body[0] = (byte) (code >>> 8);
                  body[1] = (byte) (int) code;
                  System.arraycopy(reason, 0, body, 2, body.length - 2);
                  return masked(0x88, body);
                });
    Arbitrary<byte[]> oversized =
        Arbitraries.integers().between(4097, 70_000).map(size -> masked(0x81, new byte[size]));
    Arbitrary<byte[]> fragmentedPing = payload.map(bytes -> masked(0x09, new byte[0]));
    return Arbitraries.oneOf(anyMasked, unmasked, closes, oversized, fragmentedPing);
  }

  private static byte[] masked(int first, byte[] payload) {
    return frame(first, payload, true);
  }

  private static byte[] unmasked(int first, byte[] payload) {
    return frame(first, payload, false);
  }

  private static byte[] frame(int first, byte[] payload, boolean mask) {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(first);
    int maskBit = mask ? 0x80 : 0;
    if (payload.length < 126) {
      frame.write(maskBit | payload.length);
    } else if (payload.length < 65_536) {
      frame.write(maskBit | 126);
      frame.write(payload.length >>> 8);
      frame.write(payload.length);
    } else {
      frame.write(maskBit | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        frame.write((int) ((long) payload.length >>> shift));
      }
    }
    byte[] key = {0x12, 0x34, 0x56, 0x78};
    if (mask) {
      frame.write(key, 0, 4);
    }
    for (int i = 0; i < payload.length; i++) {
      frame.write(mask ? payload[i] ^ key[i % 4] : payload[i]);
    }
    return frame.toByteArray();
  }
}
