package io.rtfleet.node.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.List;
import java.util.zip.Deflater;

/**
 * Discord's {@code compress=zlib-stream} transport compression: every text frame of the connection
 * goes through one zlib stream and is sent as a binary frame ending in a sync flush (the {@code 00
 * 00 ff ff} suffix clients look for). The shared dictionary is why the stream belongs to the
 * connection and cannot be reused across sessions.
 */
final class ZlibStreamEncoder extends MessageToMessageEncoder<TextWebSocketFrame> {
  private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
  private final byte[] chunk = new byte[8192];

  ZlibStreamEncoder() {
    super(TextWebSocketFrame.class);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, TextWebSocketFrame frame, List<Object> out) {
    ByteBuf content = frame.content();
    byte[] input = new byte[content.readableBytes()];
    content.getBytes(content.readerIndex(), input);
    deflater.setInput(input);
    ByteBuf compressed = ctx.alloc().buffer(input.length / 2 + 16);
    int written;
    do {
      written = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
      compressed.writeBytes(chunk, 0, written);
    } while (written == chunk.length);
    out.add(new BinaryWebSocketFrame(compressed));
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    deflater.end();
  }
}
