package io.rtfleet.node.admin;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.rtfleet.node.auth.AdminCredentials;
import io.rtfleet.node.http.JsonBodyAggregator;

/** The admin port's pipeline: HTTP, small bodies, {@link AdminHandler}. */
public final class AdminInitializer extends ChannelInitializer<SocketChannel> {
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
        .addLast(new JsonBodyAggregator(16 * 1024))
        .addLast(new AdminHandler(api, credentials, metrics));
  }
}
