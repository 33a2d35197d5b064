package io.rtfleet.node.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StartingInitializerTest {
  private static String ask(String request) {
    EmbeddedChannel channel =
        new EmbeddedChannel(
            new HttpServerCodec(),
            new HttpObjectAggregator(1024),
            new StartingInitializer.Starting());
    channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
    StringBuilder answer = new StringBuilder();
    for (ByteBuf out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
      answer.append(out.toString(StandardCharsets.US_ASCII));
      out.release();
    }
    assertThat(channel.isOpen()).as("closed after its answer").isFalse();
    return answer.toString();
  }

  @Test
  void aStartingNodeIsAliveButServesNothingElseYet() {
    assertThat(ask("GET /healthz HTTP/1.1\r\nHost: node\r\n\r\n"))
        .startsWith("HTTP/1.1 200 OK")
        .endsWith("starting\n");
    assertThat(ask("GET /readyz HTTP/1.1\r\nHost: node\r\n\r\n")).startsWith("HTTP/1.1 503");
    assertThat(
            ask(
                "PUT /admin/placement HTTP/1.1\r\nHost: node\r\nContent-Length: 2\r\n"
                    + "Authorization: Bearer x\r\n\r\n{}"))
        .startsWith("HTTP/1.1 503")
        .contains("starting: not serving yet");
  }
}
