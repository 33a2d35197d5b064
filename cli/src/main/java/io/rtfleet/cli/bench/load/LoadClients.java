package io.rtfleet.cli.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.rtfleet.cli.bench.check.SessionLedger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Many gateway sessions from one process over non-blocking sockets: a handful of event loops serve
 * tens of thousands of connections.
 */
public final class LoadClients implements AutoCloseable {
  private static final int MAX_FRAME_BYTES = 4 * 1024 * 1024;
  private static final int SOURCE_ADDRESSES = 8;

  private final List<URI> gateways;
  private final LoadStats stats;
  private final EventLoopGroup group;
  private final Bootstrap bootstrap;
  private final Function<URI, InetSocketAddress> routes;
  private final AtomicInteger connections = new AtomicInteger();

  /** Clients of the nodes at {@code gatewayUrls}; each session connects to its home node. */
  public LoadClients(List<String> gatewayUrls, LoadStats stats, int threads) {
    this(gatewayUrls, stats, threads, gateway -> null);
  }

  /**
   * As above, each connection going to the address {@code routes} gives for its URL (as a Service's
   * NAT rewrites its address to a node's), or to the URL's own when it gives null.
   */
  public LoadClients(
      List<String> gatewayUrls,
      LoadStats stats,
      int threads,
      Function<URI, InetSocketAddress> routes) {
    this.routes = routes;
    this.gateways =
        gatewayUrls.stream().map(url -> URI.create(url + "/?v=10&encoding=json")).toList();
    this.stats = stats;
    boolean epoll = Epoll.isAvailable();
    this.group =
        new MultiThreadIoEventLoopGroup(
            threads, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    this.bootstrap =
        new Bootstrap()
            .group(group)
            .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
    if (epoll) {
      // The local port is chosen at connect(), by the whole address pair (see localAddress).
      bootstrap.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
    }
  }

  /** A session whose home is node {@code home} (modulo the number of nodes). */
  public LoadSession newSession(String token, int intents, SessionLedger ledger, int home) {
    return new LoadSession(this, token, intents, ledger, stats, System::nanoTime, home);
  }

  public ChannelFuture connect(LoadSession session) {
    String resumeAt = session.reconnectUrl();
    URI gateway =
        resumeAt != null
            ? URI.create(resumeAt + "/?v=10&encoding=json")
            : gateways.get(session.home() % gateways.size());
    WebSocketClientProtocolConfig config =
        WebSocketClientProtocolConfig.newBuilder()
            .webSocketUri(gateway)
            .version(WebSocketVersion.V13)
            .maxFramePayloadLength(MAX_FRAME_BYTES)
            .handleCloseFrames(true)
            .dropPongFrames(true)
            .withUTF8Validator(false)
            .handshakeTimeoutMillis(30_000)
            .customHeaders(new DefaultHttpHeaders())
            .build();
    return bootstrap
        .clone()
        .localAddress(localAddress(gateway))
        .remoteAddress(remoteAddress(gateway))
        .handler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel channel) {
                channel
                    .pipeline()
                    .addLast(new HttpClientCodec())
                    .addLast(new HttpObjectAggregator(65_536))
                    .addLast(new WebSocketClientProtocolHandler(config))
                    .addLast(new LoadConnectionHandler(session));
              }
            })
        .connect();
  }

  /**
   * Where a connection to a loopback gateway comes from: one of {@value #SOURCE_ADDRESSES} loopback
   * addresses in turn. With every connection from 127.0.0.1, tens of thousands of them leave the
   * kernel few free local ports, and each connect() scans the port range for one (seconds per
   * thousand connections when sessions move all at once); real clients come from many addresses.
   */
  private InetSocketAddress localAddress(URI gateway) {
    if (!gateway.getHost().startsWith("127.")) {
      return null;
    }
    int next = Math.floorMod(connections.getAndIncrement(), SOURCE_ADDRESSES);
    return new InetSocketAddress("127.0.0." + (1 + next), 0);
  }

  private InetSocketAddress remoteAddress(URI gateway) {
    InetSocketAddress routed = routes.apply(gateway);
    return routed != null ? routed : new InetSocketAddress(gateway.getHost(), gateway.getPort());
  }

  void reconnect(LoadSession session) {
    connect(session)
        .addListener(
            (ChannelFuture done) -> {
              if (!done.isSuccess()) {
                // Nothing there: the next entry node, as a client falls back to its gateway URL.
                session.moveOn();
                group.schedule(() -> reconnect(session), 200, TimeUnit.MILLISECONDS);
              }
            });
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
