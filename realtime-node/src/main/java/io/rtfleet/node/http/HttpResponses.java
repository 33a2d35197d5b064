package io.rtfleet.node.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.rtfleet.node.discord.DiscordJson;
import java.nio.charset.StandardCharsets;

/** Writes JSON (or plain text) answers, honouring keep-alive. */
public final class HttpResponses {
  private HttpResponses() {}

  public static void write(ChannelHandlerContext ctx, boolean keepAlive, RestResponse response) {
    ByteBuf body =
        response.body() == null
            ? Unpooled.EMPTY_BUFFER
            : Unpooled.wrappedBuffer(
                DiscordJson.write(response.body()).getBytes(StandardCharsets.UTF_8));
    FullHttpResponse http =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(response.status()), body);
    if (response.body() != null) {
      http.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
    }
    response.headers().forEach((name, value) -> http.headers().set(name, value));
    send(ctx, keepAlive, http);
  }

  public static void writeText(
      ChannelHandlerContext ctx, boolean keepAlive, int status, String contentType, String text) {
    FullHttpResponse http =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(status),
            Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8)));
    http.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    send(ctx, keepAlive, http);
  }

  private static void send(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse http) {
    http.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, http.content().readableBytes());
    if (keepAlive) {
      http.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      ctx.writeAndFlush(http);
    } else {
      // Said, not only done: an HTTP/1.1 client otherwise keeps the connection for its next
      // request, which then meets a closed socket.
      http.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(http).addListener(ChannelFutureListener.CLOSE);
    }
  }
}
