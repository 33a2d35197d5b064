package io.rtfleet.node.admin;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import io.rtfleet.node.auth.AdminCredentials;
import io.rtfleet.node.discord.ApiError;
import io.rtfleet.node.http.HttpResponses;
import io.rtfleet.node.http.RestResponse;

/**
 * Stands before the admin API's body aggregation: a request is judged on its head, before any of
 * its body is kept. Without the admin bearer token (the probes {@code /healthz} and {@code /readyz}
 * aside) it gets 401 and the connection is closed; with it, its body may be as large as its route
 * needs ({@link #maxBodyBytes}) and no larger (413, closed), whether announced by Content-Length or
 * sent in chunks.
 */
final class AdminGate extends ChannelInboundHandlerAdapter {
  /** Room for a placement table of 16,384 slots with long node names. */
  static final int PLACEMENT_BODY_BYTES = 4 * 1024 * 1024;

  /** Every other request body: a drain, a token, a reconnect. */
  static final int SMALL_BODY_BYTES = 64 * 1024;

  private final AdminCredentials credentials;
  private long allowed;
  private long received;
  private boolean discarding;

  AdminGate(AdminCredentials credentials) {
    this.credentials = credentials;
  }

  /** The largest body a route takes. */
  static int maxBodyBytes(String method, String path) {
    boolean placement =
        ((method.equals("PUT") || method.equals("PATCH")) && path.equals("/admin/placement"))
            || (method.equals("POST") && path.equals("/admin/handoff"));
    return placement ? PLACEMENT_BODY_BYTES : SMALL_BODY_BYTES;
  }

  static boolean isProbe(String path) {
    return path.equals("/healthz") || path.equals("/readyz");
  }

  @Override
  public void channelRead(ChannelHandlerContext context, Object message) {
    if (message instanceof HttpRequest request) {
      discarding = false;
      received = 0;
      if (request.decoderResult().isSuccess()) {
        String path = new QueryStringDecoder(request.uri()).path();
        if (!isProbe(path)
            && !credentials.accepts(request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
          refuse(context, message, ApiError.UNAUTHORIZED);
          return;
        }
        allowed = maxBodyBytes(request.method().name(), path);
        if (HttpUtil.getContentLength(request, -1L) > allowed) {
          refuse(context, message, ApiError.REQUEST_TOO_LARGE);
          return;
        }
      }
    }
    if (message instanceof HttpContent content && !(message instanceof HttpRequest)) {
      if (discarding) {
        ReferenceCountUtil.release(message);
        return;
      }
      received += content.content().readableBytes();
      if (received > allowed) {
        refuse(context, message, ApiError.REQUEST_TOO_LARGE);
        return;
      }
    }
    context.fireChannelRead(message);
  }

  /** Answers and closes: the rest of the request is never read, let alone kept. */
  private void refuse(ChannelHandlerContext context, Object message, ApiError error) {
    ReferenceCountUtil.release(message);
    discarding = true;
    HttpResponses.write(context, false, RestResponse.error(error));
    context.channel().config().setAutoRead(false);
  }
}
