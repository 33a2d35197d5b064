package io.rtfleet.node.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;

/**
 * Binds a server socket with the native epoll transport where the platform has it (fewer copies and
 * system calls than NIO), NIO elsewhere. Only bootstraps: the initializer builds the pipeline.
 *
 * <p>Binding and serving are two steps so that a node bound to port 0 can learn its port (and tell
 * clients its URL) before it builds what serves them; a connection accepted in between is closed.
 */
public final class NettyServer implements AutoCloseable {
  private final EventLoopGroup boss;
  private final Channel server;
  private volatile ChannelInitializer<SocketChannel> initializer;

  private NettyServer(EventLoopGroup boss, Channel server) {
    this.boss = boss;
    this.server = server;
  }

  public static boolean nativeTransport() {
    return Epoll.isAvailable();
  }

  public static EventLoopGroup newGroup(int threads) {
    return new MultiThreadIoEventLoopGroup(
        threads, nativeTransport() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
  }

  /** Binds {@code host:port} (0 picks a free port); connections wait for {@link #serve}. */
  public static NettyServer bind(String host, int port, EventLoopGroup workers, int sendBufferBytes)
      throws InterruptedException {
    return bind(host, port, workers, sendBufferBytes, 0);
  }

  /**
   * As {@link #bind(String, int, EventLoopGroup, int)}; with a positive {@code
   * tcpUserTimeoutMillis}, data a connection's peer leaves unacknowledged that long fails the
   * connection in the kernel (native transport only).
   */
  public static NettyServer bind(
      String host, int port, EventLoopGroup workers, int sendBufferBytes, int tcpUserTimeoutMillis)
      throws InterruptedException {
    EventLoopGroup boss = newGroup(1);
    NettyServer[] self = new NettyServer[1];
    ChannelInitializer<SocketChannel> deferred =
        new ChannelInitializer<>() {
          @Override
          protected void initChannel(SocketChannel channel) {
            ChannelInitializer<SocketChannel> ready = self[0] == null ? null : self[0].initializer;
            if (ready == null) {
              channel.close();
            } else {
              channel.pipeline().addLast(ready);
            }
          }
        };
    Class<? extends ServerSocketChannel> channelType =
        nativeTransport() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(channelType)
            .option(ChannelOption.SO_BACKLOG, 4096)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(
                ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(sendBufferBytes / 2, sendBufferBytes))
            .childHandler(deferred);
    if (tcpUserTimeoutMillis > 0 && nativeTransport()) {
      bootstrap.childOption(EpollChannelOption.TCP_USER_TIMEOUT, tcpUserTimeoutMillis);
    }
    Channel server = bootstrap.bind(new InetSocketAddress(host, port)).sync().channel();
    self[0] = new NettyServer(boss, server);
    return self[0];
  }

  /** Starts serving accepted connections with {@code initializer}'s pipeline. */
  public void serve(ChannelInitializer<SocketChannel> initializer) {
    this.initializer = initializer;
  }

  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    boss.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.MILLISECONDS).syncUninterruptibly();
  }
}
