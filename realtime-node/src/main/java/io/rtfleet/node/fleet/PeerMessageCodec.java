package io.rtfleet.node.fleet;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.codec.MessageToMessageCodec;
import java.util.List;

/** Frames on a peer link: a 4-byte length, then one {@link PeerCodec} message. */
final class PeerMessageCodec extends MessageToMessageCodec<ByteBuf, PeerMessage> {

  /** Adds the framing and this codec to a peer link's pipeline. */
  static void install(ChannelPipeline pipeline) {
    pipeline.addLast(
        new LengthFieldBasedFrameDecoder(PeerCodec.MAX_FRAME_BYTES, 0, 4, 0, 4),
        new LengthFieldPrepender(4),
        new PeerMessageCodec());
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
