package io.rtfleet.node.fleet;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;

/**
 * Splits a peer link's bytes into frames: a 4-byte length, then that many bytes. The largest frame
 * it takes starts small and is raised once the other end has authenticated: until then nobody can
 * make the node hold more than a challenge's answer, however large a length it announces.
 */
final class PeerFrameDecoder extends ByteToMessageDecoder {
  private int maxFrameBytes;

  PeerFrameDecoder(int maxFrameBytes) {
    this.maxFrameBytes = maxFrameBytes;
  }

  /** Takes frames up to {@code bytes} from now on (called on the link's event loop). */
  void allow(int bytes) {
    maxFrameBytes = bytes;
  }

  @Override
  protected void decode(ChannelHandlerContext context, ByteBuf in, List<Object> out)
      throws TooLongFrameException {
    if (in.readableBytes() < 4) {
      return;
    }
    int length = in.getInt(in.readerIndex());
    if (length < 0 || length > maxFrameBytes) {
      in.skipBytes(in.readableBytes());
      throw new TooLongFrameException(
          "frame of " + length + " bytes announced, at most " + maxFrameBytes + " taken");
    }
    if (in.readableBytes() < 4 + length) {
      return;
    }
    in.skipBytes(4);
    out.add(in.readRetainedSlice(length));
  }
}
