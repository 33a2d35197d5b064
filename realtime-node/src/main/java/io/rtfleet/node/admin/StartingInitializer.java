package io.rtfleet.node.admin;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.rtfleet.api.admin.AdminPaths;
import io.rtfleet.node.http.HttpResponses;

/**
 * The admin port while the node starts (opens its database, loads its guilds): {@code /healthz}
 * answers 200, so that whoever watches it (the operator) can tell a node busy starting from a stuck
 * one, which answers nothing; everything else answers 503, and the connection is closed. Requests
 * carry no body worth reading here: at most a small one is taken, then refused.
 */
public final class StartingInitializer extends ChannelInitializer<SocketChannel> {
  private static final int MAX_BODY_BYTES = 64 * 1024;

  @Override
  protected void initChannel(SocketChannel channel) {
    channel
        .pipeline()
        .addLast(new HttpServerCodec())
        .addLast(new HttpObjectAggregator(MAX_BODY_BYTES))
        .addLast(new Starting());
  }

  static final class Starting extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      String path = new QueryStringDecoder(request.uri()).path();
      if (path.equals(AdminPaths.HEALTH)) {
        HttpResponses.writeText(ctx, false, 200, "text/plain", "starting\n");
      } else {
        HttpResponses.writeText(ctx, false, 503, "text/plain", "starting: not serving yet\n");
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
