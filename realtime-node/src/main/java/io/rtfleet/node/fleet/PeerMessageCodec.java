package io.rtfleet.node.fleet;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Frames on a peer link: a 4-byte length, then one {@link PeerCodec} message. */
final class PeerMessageCodec extends MessageToMessageCodec<ByteBuf, PeerMessage> {
  static final String FRAMES = "peer-frames";

  /**
   * Adds the framing (frames up to {@code maxFrameBytes} for now), this codec and the heartbeats to
   * a peer link's pipeline.
   */
  static void install(
      ChannelPipeline pipeline,
      int maxFrameBytes,
      Duration heartbeatInterval,
      Duration timeout,
      Supplier<String> describe) {
    pipeline.addLast(
        new IdleStateHandler(
            timeout.toMillis(), heartbeatInterval.toMillis(), 0, TimeUnit.MILLISECONDS));
    pipeline.addLast(FRAMES, new PeerFrameDecoder(maxFrameBytes));
    pipeline.addLast(new LengthFieldPrepender(4), new PeerMessageCodec());
    pipeline.addLast(new PeerLiveness(describe, timeout.toMillis()));
  }

  @Override
  protected void encode(ChannelHandlerContext context, PeerMessage message, List<Object> out) {
    ByteBuf buffer = context.alloc().buffer();
    PeerCodec.write(message, buffer);
    out.add(buffer);
  }

  @Override
  protected void decode(ChannelHandlerContext context, ByteBuf frame, List<Object> out) {
    out.add(PeerCodec.read(frame));
  }
}
