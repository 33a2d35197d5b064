package io.rtfleet.node.gateway;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.rtfleet.node.discord.ApiError;
import io.rtfleet.node.discord.ApiException;
import io.rtfleet.node.http.HttpResponses;
import io.rtfleet.node.http.MalformedRequests;
import io.rtfleet.node.http.RestResponse;
import io.rtfleet.node.rest.RestApi;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sorts the requests of the client port: a WebSocket upgrade of {@code /} becomes a gateway
 * connection ({@code ?v=10&encoding=json[&compress=zlib-stream]}), {@code /api/...} goes to the
 * REST API, anything else is 404.
 */
final class FrontDoorHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(FrontDoorHandler.class);

  private final GatewayServices services;
  private final RestApi rest;
  private final BooleanSupplier ready;

  FrontDoorHandler(GatewayServices services, RestApi rest, BooleanSupplier ready) {
    this.services = services;
    this.rest = rest;
    this.ready = ready;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    // A node that is not ready (draining) answers and closes: the client's next request goes
    // through the Service to a node that will stay, not to this one until it is deleted.
    boolean keepAlive = HttpUtil.isKeepAlive(request) && ready.getAsBoolean();
    if (!request.decoderResult().isSuccess()) {
      HttpResponses.write(
          ctx, false, RestResponse.error(MalformedRequests.refusal(request.decoderResult())));
      return;
    }
    if (request
        .headers()
        .containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
      upgrade(ctx, request, uri);
    } else if (RestApi.handles(uri.path())) {
      byte[] body = ByteBufUtil.getBytes(request.content());
      rest.handle(
              request.method().name(),
              uri.path(),
              uri.parameters(),
              request.headers().get(HttpHeaderNames.AUTHORIZATION),
              body)
          .thenAccept(response -> HttpResponses.write(ctx, keepAlive, response));
    } else {
      HttpResponses.write(ctx, keepAlive, RestResponse.error(ApiError.NOT_FOUND));
    }
  }

  private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri) {
    if (!uri.path().equals("/")) {
      HttpResponses.write(ctx, false, RestResponse.error(ApiError.NOT_FOUND));
      return;
    }
    String encoding = parameter(uri, "encoding", "json");
    String compress = parameter(uri, "compress", "");
    if (!encoding.equals("json") || !(compress.isEmpty() || compress.equals("zlib-stream"))) {
      HttpResponses.write(
          ctx,
          false,
          RestResponse.error(
              ApiException.invalidField(
                  encoding.equals("json") ? "compress" : "encoding",
                  "this gateway speaks encoding=json with optional compress=zlib-stream")));
      return;
    }
    boolean supportedVersion = parameter(uri, "v", "10").equals("10");
    WebSocketDecoderConfig decoderConfig =
        WebSocketDecoderConfig.newBuilder()
            .maxFramePayloadLength(services.config().maxPayloadBytes())
            .closeOnProtocolViolation(false)
            .allowExtensions(false)
            .build();
    WebSocketServerHandshaker handshaker =
        new WebSocketServerHandshakerFactory(services.config().gatewayUrl(), null, decoderConfig)
            .newHandshaker(request);
    if (handshaker == null) {
      WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
      return;
    }
    ChannelPipeline pipeline = ctx.pipeline();
    handshaker
        .handshake(ctx.channel(), request)
        .addListener(
            done -> {
              if (!done.isSuccess()) {
                ctx.close();
                return;
              }
              pipeline.addLast(new WebSocketFrameAggregator(services.config().maxPayloadBytes()));
              if (compress.equals("zlib-stream")) {
                pipeline.addLast(new ZlibStreamEncoder());
              }
              pipeline.addLast(
                  new GatewayConnection(
                      services, supportedVersion, compress.equals("zlib-stream")));
              pipeline.remove(this);
            });
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!services.resets().counted(cause)) {
      LOG.warn("client connection {} failed", ctx.channel().remoteAddress(), cause);
    }
    ctx.close();
  }

  private static String parameter(QueryStringDecoder uri, String name, String fallback) {
    List<String> values = uri.parameters().get(name);
    return values == null || values.isEmpty() ? fallback : values.get(0);
  }
}
