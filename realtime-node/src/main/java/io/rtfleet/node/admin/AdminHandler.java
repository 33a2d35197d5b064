package io.rtfleet.node.admin;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.rtfleet.api.admin.AdminCodec;
import io.rtfleet.api.admin.AdminError;
import io.rtfleet.api.admin.AdminPaths;
import io.rtfleet.api.admin.DrainRequest;
import io.rtfleet.api.admin.HandoffRequest;
import io.rtfleet.api.admin.PlacementChange;
import io.rtfleet.api.admin.PlacementDocument;
import io.rtfleet.api.admin.ReconnectRequest;
import io.rtfleet.api.admin.TokenRequest;
import io.rtfleet.node.discord.ApiError;
import io.rtfleet.node.discord.ApiException;
import io.rtfleet.node.http.HttpResponses;
import io.rtfleet.node.http.MalformedRequests;
import io.rtfleet.node.http.RestResponse;
import io.rtfleet.node.metrics.NodeMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin port's routes: {@code /healthz} and {@code /readyz} for probes, {@code /metrics}, and
 * the admin API, whose bodies are the records of {@code io.rtfleet.api.admin} read and written by
 * {@link AdminCodec}. Every path but the probes has passed {@link AdminGate}'s check of the admin
 * bearer token before its body was read. Failures are answered as {@link AdminError}s: 400 for a
 * body that is not the route's record, 404, 409 with the node's epoch for a stale placement.
 */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);

  private final AdminApi api;
  private final TokenMinter tokens;
  private final NodeMetrics metrics;

  AdminHandler(AdminApi api, TokenMinter tokens, NodeMetrics metrics) {
    this.api = api;
    this.tokens = tokens;
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
    if (path.equals(AdminPaths.HEALTH)) {
      HttpResponses.writeText(ctx, keepAlive, 200, "text/plain", "ok\n");
      return;
    }
    if (path.equals(AdminPaths.READY)) {
      boolean ready = api.ready();
      HttpResponses.writeText(
          ctx, keepAlive, ready ? 200 : 503, "text/plain", ready ? "ready\n" : "not ready\n");
      return;
    }
    if (path.equals(AdminPaths.METRICS) && method.equals("GET")) {
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
    String version = request.headers().get(AdminPaths.VERSION_HEADER);
    if (version != null && !spoken(version)) {
      HttpResponses.write(
          ctx,
          keepAlive,
          error(
              400,
              new AdminError(
                  0,
                  "admin API version "
                      + version
                      + " is not spoken here: this node speaks "
                      + AdminPaths.OLDEST_VERSION
                      + " to "
                      + AdminPaths.VERSION,
                  null)));
      return;
    }
    byte[] body = ByteBufUtil.getBytes(request.content());
    CompletableFuture<RestResponse> answer;
    try {
      answer = route(method, path, body);
    } catch (RuntimeException refused) {
      answer = CompletableFuture.completedFuture(refusal(refused));
    }
    answer
        .exceptionally(failure -> refusal(ApiException.unwrap(failure)))
        .thenAccept(response -> HttpResponses.write(ctx, keepAlive, response));
  }

  private CompletableFuture<RestResponse> route(String method, String path, byte[] body) {
    if (method.equals("GET") && path.startsWith(AdminPaths.OWNER)) {
      return done(found(api.ownerOf(path.substring(AdminPaths.OWNER.length()))));
    }
    switch (method + " " + path) {
      case "GET " + AdminPaths.STATE:
        return api.state().thenApply(AdminHandler::ok);
      case "POST " + AdminPaths.DRAIN:
        // Accepted: the drain goes on after the answer.
        return done(
            new RestResponse(
                202,
                AdminCodec.tree(api.drain(AdminCodec.read(body, DrainRequest.class))),
                Map.of()));
      case "GET " + AdminPaths.DRAIN:
        return done(ok(api.drainStatus()));
      case "DELETE " + AdminPaths.DRAIN:
        return done(ok(api.cancelDrain()));
      case "POST " + AdminPaths.CORDON:
        return api.cordon().thenApply(AdminHandler::ok);
      case "DELETE " + AdminPaths.CORDON:
        return api.uncordon().thenApply(AdminHandler::ok);
      case "POST " + AdminPaths.RECONNECT:
        return done(ok(api.reconnect(AdminCodec.read(body, ReconnectRequest.class))));
      case "GET " + AdminPaths.PLACEMENT:
        return done(found(api.placement()));
      case "PATCH " + AdminPaths.PLACEMENT:
        return api.changePlacement(AdminCodec.read(body, PlacementChange.class))
            .thenApply(AdminHandler::ok);
      case "PUT " + AdminPaths.PLACEMENT:
        return api.pushPlacement(AdminCodec.read(body, PlacementDocument.class))
            .thenApply(AdminHandler::ok);
      case "POST " + AdminPaths.HANDOFF:
        return api.handOff(AdminCodec.read(body, HandoffRequest.class)).thenApply(AdminHandler::ok);
      case "GET " + AdminPaths.WRITE_PAUSES:
        return done(ok(api.writePauses()));
      case "POST " + AdminPaths.GC:
        return done(ok(api.collectGarbage()));
      case "POST " + AdminPaths.TOKENS:
        return tokens
            .mint(AdminCodec.read(body, TokenRequest.class))
            .thenApply(grant -> new RestResponse(201, AdminCodec.tree(grant), Map.of()));
      default:
        throw new ApiException(ApiError.NOT_FOUND);
    }
  }

  /** Callers that send no version are served as the current one (curl, scripts). */
  private static boolean spoken(String version) {
    try {
      return AdminPaths.speaks(Integer.parseInt(version.trim()));
    } catch (NumberFormatException notANumber) {
      return false;
    }
  }

  private static CompletableFuture<RestResponse> done(RestResponse response) {
    return CompletableFuture.completedFuture(response);
  }

  private static RestResponse ok(Object answer) {
    return RestResponse.ok(AdminCodec.tree(answer));
  }

  /** 404 for a node that has none (a fleet node before its first placement). */
  private static RestResponse found(Optional<?> answer) {
    return answer
        .map(AdminHandler::ok)
        .orElseGet(
            () ->
                error(
                    404,
                    new AdminError(
                        0, "no placement pushed yet: this fleet node owns no guild", null)));
  }

  private static RestResponse error(int status, AdminError error) {
    return new RestResponse(status, AdminCodec.tree(error), Map.of());
  }

  private static RestResponse refusal(Throwable failure) {
    if (failure instanceof AdminApi.StaleEpoch stale) {
      return error(409, new AdminError(0, stale.getMessage(), stale.current()));
    }
    if (failure instanceof ApiException refused) {
      // The detail, not Discord's generic line: an operator acts on "node-1 did not answer".
      String message =
          refused.field() == null
              ? refused.getMessage()
              : refused.field() + ": " + refused.getMessage();
      return error(
          refused.error().httpStatus(), new AdminError(refused.error().code(), message, null));
    }
    if (failure instanceof IllegalArgumentException invalid) {
      return error(
          400, new AdminError(ApiError.INVALID_FORM_BODY.code(), invalid.getMessage(), null));
    }
    LOG.warn("admin request failed", failure);
    return RestResponse.error(ApiError.UNAVAILABLE);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!(cause instanceof IOException)) {
      LOG.warn("admin connection {} failed", ctx.channel().remoteAddress(), cause);
    }
    ctx.close();
  }
}
