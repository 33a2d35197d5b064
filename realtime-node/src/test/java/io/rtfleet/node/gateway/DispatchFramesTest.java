package io.rtfleet.node.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The hand-built dispatch frames read back by Netty's own WebSocket decoder, as a client would. */
class DispatchFramesTest {
  @Property(tries = 200)
  void aClientDecoderReadsTheHeadTheSequenceAndTheBrace(
      @ForAll @IntRange(min = 0, max = 70_000) int headLength,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seq) {
    String head = "{\"op\":0,\"d\":\"" + "x".repeat(headLength) + "\",\"s\":";
    byte[] headBytes = head.getBytes(StandardCharsets.UTF_8);
    EmbeddedChannel client =
        new EmbeddedChannel(
            new WebSocket08FrameDecoder(
                WebSocketDecoderConfig.newBuilder()
                    .expectMaskedFrames(false)
                    .maxFramePayloadLength(1 << 20)
                    .build()));

    client.writeInbound(DispatchFrames.frame(ByteBufAllocator.DEFAULT, headBytes, seq));

    TextWebSocketFrame frame = client.readInbound();
    try {
      assertThat(frame.isFinalFragment()).isTrue();
      assertThat(frame.text()).isEqualTo(head + seq + "}");
    } finally {
      frame.release();
      client.finishAndReleaseAll();
    }
  }

  @Property(tries = 50)
  void thePayloadAloneIsTheSameText(@ForAll @LongRange(min = 0) long seq) {
    byte[] head = "{\"op\":0,\"s\":".getBytes(StandardCharsets.UTF_8);

    var payload = DispatchFrames.payload(ByteBufAllocator.DEFAULT, head, seq);
    try {
      assertThat(payload.toString(StandardCharsets.UTF_8))
          .isEqualTo("{\"op\":0,\"s\":" + seq + "}");
    } finally {
      payload.release();
    }
  }
}
