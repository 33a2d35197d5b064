package io.rtfleet.cli.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.rtfleet.cli.bench.check.Stamp;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameScannerTest {
  private static ByteBuf bytes(String text) {
    return Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsTypeSeqAndStampOfANodeDispatch() {
    String content = new Stamp(7, 41, 123456789L).content(100);
    String frame =
        "{\"t\":\"MESSAGE_CREATE\",\"op\":0,\"d\":{\"id\":\"1\",\"content\":\""
            + content
            + "\",\"author\":{\"id\":\"2\"}},\"s\":9876}";
    assertThat(FrameScanner.type(frame)).isEqualTo("MESSAGE_CREATE");
    assertThat(FrameScanner.seq(frame)).isEqualTo(9876);
    ByteBuf buffer = bytes(frame);
    assertThat(FrameScanner.isMessageCreate(buffer)).isTrue();
    assertThat(FrameScanner.seq(buffer)).isEqualTo(9876);
    long[] stamp = new long[3];
    assertThat(FrameScanner.stamp(buffer, stamp)).isTrue();
    assertThat(stamp).containsExactly(7, 41, 123456789L);
  }

  @Test
  void otherFramesAreLeftToTheJsonParser() {
    assertThat(FrameScanner.type("{\"op\":10,\"d\":{\"heartbeat_interval\":41250}}")).isNull();
    ByteBuf ready = bytes("{\"t\":\"READY\",\"op\":0,\"d\":{},\"s\":1}");
    assertThat(FrameScanner.isMessageCreate(ready)).isFalse();
    ByteBuf plain =
        bytes("{\"t\":\"MESSAGE_CREATE\",\"op\":0,\"d\":{\"content\":\"hello\"},\"s\":3}");
    assertThat(FrameScanner.stamp(plain, new long[3])).isFalse();
    assertThat(FrameScanner.seq(bytes("{\"op\":11}"))).isEqualTo(-1);
  }
}
