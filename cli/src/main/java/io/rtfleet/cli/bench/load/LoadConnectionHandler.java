package io.rtfleet.cli.bench.load;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;

/** Hands the text frames of one connection to its {@link LoadSession}. */
final class LoadConnectionHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
  private final LoadSession session;

  LoadConnectionHandler(LoadSession session) {
    this.session = session;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    session.attached(ctx.channel());
    ctx.fireChannelActive();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
    if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
      if (FrameScanner.isMessageCreate(frame.content())) {
        session.onMessageCreate(frame.content());
      } else {
        session.onText(frame.content().toString(StandardCharsets.ISO_8859_1));
      }
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    session.onClosed();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
