package io.rtfleet.node.gateway;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.rtfleet.node.http.JsonBodyAggregator;
import io.rtfleet.node.rest.RestApi;
import java.util.function.BooleanSupplier;

/**
 * The client port's pipeline: HTTP first; {@link FrontDoorHandler} then either answers a REST
 * request or upgrades the connection to the gateway.
 */
public final class FrontDoorInitializer extends ChannelInitializer<SocketChannel> {
  private static final int MAX_REST_BODY_BYTES = 64 * 1024;

  private final GatewayServices services;
  private final RestApi rest;
  private final BooleanSupplier ready;

  /** {@code ready}: whether the node takes new clients (a draining node does not). */
  public FrontDoorInitializer(GatewayServices services, RestApi rest, BooleanSupplier ready) {
    this.services = services;
    this.rest = rest;
    this.ready = ready;
  }

  @Override
  protected void initChannel(SocketChannel channel) {
    channel
        .pipeline()
        .addLast("http", new HttpServerCodec())
        .addLast("aggregator", new JsonBodyAggregator(MAX_REST_BODY_BYTES))
        .addLast("front-door", new FrontDoorHandler(services, rest, ready));
  }
}
