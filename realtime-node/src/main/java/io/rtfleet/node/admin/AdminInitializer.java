package io.rtfleet.node.admin;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.rtfleet.node.auth.AdminCredentials;
import io.rtfleet.node.http.IdleConnectionCloser;
import io.rtfleet.node.http.JsonBodyAggregator;
import io.rtfleet.node.metrics.NodeMetrics;
import java.time.Duration;

/**
 * The admin port's pipeline: HTTP; connections idle for a minute closed; credentials and the
 * route's body limit checked on the request's head ({@link AdminGate}); then the body, and {@link
 * AdminHandler}.
 */
public final class AdminInitializer extends ChannelInitializer<SocketChannel> {
  private static final Duration IDLE = Duration.ofMinutes(1);

  private final AdminApi api;
  private final TokenMinter tokens;
  private final AdminCredentials credentials;
  private final NodeMetrics metrics;

  public AdminInitializer(
      AdminApi api, TokenMinter tokens, AdminCredentials credentials, NodeMetrics metrics) {
    this.api = api;
    this.tokens = tokens;
    this.credentials = credentials;
    this.metrics = metrics;
  }

  @Override
  protected void initChannel(SocketChannel channel) {
    channel.pipeline().addLast(new HttpServerCodec());
    IdleConnectionCloser.install(channel.pipeline(), IDLE);
    channel
        .pipeline()
        .addLast(new AdminGate(credentials))
        .addLast(new JsonBodyAggregator(AdminGate.PLACEMENT_BODY_BYTES))
        .addLast(new AdminHandler(api, tokens, metrics));
  }
}
