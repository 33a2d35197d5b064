package io.rtfleet.node.admin;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.rtfleet.node.guild.ApiError;
import io.rtfleet.node.guild.ApiException;
import io.rtfleet.node.http.HttpResponses;
import io.rtfleet.node.http.MalformedRequests;
import io.rtfleet.node.rest.RestResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin port's routes: {@code /healthz} and {@code /readyz} for probes; every other path has
 * passed {@link AdminGate}'s check of the admin bearer token before its body was read.
 */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);

  private static final String OWNER_PREFIX = "/admin/placement/owner/";

  private final AdminApi api;
  private final NodeMetrics metrics;

  AdminHandler(AdminApi api, NodeMetrics metrics) {
    this.api = api;
    this.metrics = metrics;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request)
      throws IOException {
    if (!request.decoderResult().isSuccess()) {
      HttpResponses.write(
          ctx, false, RestResponse.error(MalformedRequests.refusal(request.decoderResult())));
      return;
    }
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    String path = new QueryStringDecoder(request.uri()).path();
    String method = request.method().name();
    if (path.equals("/healthz")) {
      HttpResponses.writeText(ctx, keepAlive, 200, "text/plain", "ok\n");
      return;
    }
    if (path.equals("/readyz")) {
      boolean ready = api.ready();
      HttpResponses.writeText(
          ctx, keepAlive, ready ? 200 : 503, "text/plain", ready ? "ready\n" : "draining\n");
      return;
    }
    if (path.equals("/metrics") && method.equals("GET")) {
      ByteArrayOutputStream text = new ByteArrayOutputStream();
      PrometheusTextFormatWriter.create().write(text, metrics.registry().scrape());
      HttpResponses.writeText(
          ctx,
          keepAlive,
          200,
          PrometheusTextFormatWriter.CONTENT_TYPE,
          text.toString(StandardCharsets.UTF_8));
      return;
    }
    byte[] body = ByteBufUtil.getBytes(request.content());
    CompletableFuture<RestResponse> answer;
    try {
      answer = route(method, path, body);
    } catch (ApiException | IllegalArgumentException refused) {
      answer = CompletableFuture.completedFuture(refusal(refused));
    }
    answer
        .exceptionally(failure -> refusal(ApiException.unwrap(failure)))
        .thenAccept(response -> HttpResponses.write(ctx, keepAlive, response));
  }

  private CompletableFuture<RestResponse> route(String method, String path, byte[] body) {
    if (method.equals("GET") && path.startsWith(OWNER_PREFIX)) {
      return CompletableFuture.completedFuture(api.ownerOf(path.substring(OWNER_PREFIX.length())));
    }
    switch (method + " " + path) {
      case "GET /admin/state":
        return api.state();
      case "POST /admin/drain":
        return CompletableFuture.completedFuture(api.drain(body));
      case "GET /admin/drain":
        return CompletableFuture.completedFuture(api.drainProgress());
      case "POST /admin/reconnect":
        return CompletableFuture.completedFuture(api.reconnect(body));
      case "GET /admin/placement":
        return CompletableFuture.completedFuture(api.placement());
      case "PUT /admin/placement":
        return api.pushPlacement(body);
      case "POST /admin/handoff":
        return api.handOff(body);
      case "GET /admin/handoff/pauses":
        return CompletableFuture.completedFuture(api.writePauses());
      case "POST /admin/gc":
        return CompletableFuture.completedFuture(api.collectGarbage());
      case "POST /admin/tokens":
        return api.mintToken(body);
      default:
        throw new ApiException(ApiError.NOT_FOUND);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!(cause instanceof IOException)) {
      LOG.warn("admin connection {} failed", ctx.channel().remoteAddress(), cause);
    }
    ctx.close();
  }

  private static RestResponse refusal(Throwable failure) {
    if (failure instanceof ApiException refused) {
      return RestResponse.error(refused);
    }
    if (failure instanceof IllegalArgumentException invalid) {
      return RestResponse.error(ApiException.invalidField("body", invalid.getMessage()));
    }
    return RestResponse.error(ApiError.UNAVAILABLE);
  }
}
