package io.rtfleet.node.admin;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.rtfleet.node.auth.AdminCredentials;
import io.rtfleet.node.http.JsonBodyAggregator;

/** The admin port's pipeline: HTTP, small bodies, {@link AdminHandler}. */
public final class AdminInitializer extends ChannelInitializer<SocketChannel> {
  /** Room for a placement table of 16,384 slots with long node names. */
  private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

  private final AdminApi api;
  private final AdminCredentials credentials;
  private final NodeMetrics metrics;

  public AdminInitializer(AdminApi api, AdminCredentials credentials, NodeMetrics metrics) {
    this.api = api;
    this.credentials = credentials;
    this.metrics = metrics;
  }

  @Override
  protected void initChannel(SocketChannel channel) {
    channel
        .pipeline()
        .addLast(new HttpServerCodec())
        .addLast(new JsonBodyAggregator(MAX_BODY_BYTES))
        .addLast(new AdminHandler(api, credentials, metrics));
  }
}
