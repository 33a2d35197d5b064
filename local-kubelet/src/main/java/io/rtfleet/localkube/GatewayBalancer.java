package io.rtfleet.localkube;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One gateway address for a fleet on loopback, as a Kubernetes Service gives one: a TCP balancer
 * that sends each new connection to the next node that was ready when it last asked (round robin),
 * and relays its bytes both ways. Readiness is polled every {@code poll}, as kube-proxy learns of
 * endpoints with a delay; a node that turns unready (draining, cordoned) gets no new connections
 * once the balancer has noticed. It can be told to ignore readiness for a while, as a slow or badly
 * configured balancer would: then any live node may get a connection.
 */
public final class GatewayBalancer implements AutoCloseable {
  /** A node behind the balancer: its gateway address and its readiness probe. */
  public record Backend(String id, InetSocketAddress gateway, URI readiness) {}

  private final Supplier<List<Backend>> backends;
  private final EventLoopGroup group;
  private final ScheduledExecutorService prober =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "balancer-readiness");
            thread.setDaemon(true);
            return thread;
          });
  private final Channel server;
  private final HttpClient probes =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final AtomicInteger turn = new AtomicInteger();
  private volatile List<Backend> ready = List.of();
  private volatile List<Backend> live = List.of();
  private volatile long ignoreReadinessUntil;

  private GatewayBalancer(Supplier<List<Backend>> backends, EventLoopGroup group, Channel server) {
    this.backends = backends;
    this.group = group;
    this.server = server;
  }

  /** Listens on a free loopback port; reads readiness every {@code poll}. */
  public static GatewayBalancer start(Supplier<List<Backend>> backends, Duration poll)
      throws InterruptedException {
    boolean epoll = Epoll.isAvailable();
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    GatewayBalancer[] self = new GatewayBalancer[1];
    Channel server =
        new ServerBootstrap()
            .group(group)
            .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 4096)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.AUTO_READ, false)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel client) {
                    client.pipeline().addLast(self[0].new Frontend());
                  }
                })
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .sync()
            .channel();
    self[0] = new GatewayBalancer(backends, group, server);
    // Off the relaying event loop: a probe waits for answers.
    self[0].prober.scheduleWithFixedDelay(
        self[0]::probe, 0, poll.toMillis(), TimeUnit.MILLISECONDS);
    return self[0];
  }

  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** The address clients are given: {@code ws://127.0.0.1:PORT}. */
  public String url() {
    return "ws://127.0.0.1:" + port();
  }

  /** Sends new connections to any live node for {@code duration}, ready or not. */
  public void ignoreReadinessFor(Duration duration) {
    ignoreReadinessUntil = System.nanoTime() + duration.toNanos();
  }

  /** Asks every node for its readiness; nodes that answer at all are live. */
  private void probe() {
    List<Backend> all = backends.get();
    List<CompletableFuture<Integer>> answers = new ArrayList<>();
    for (Backend backend : all) {
      answers.add(
          probes
              .sendAsync(
                  HttpRequest.newBuilder(backend.readiness())
                      .timeout(Duration.ofSeconds(1))
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .handle((answer, failure) -> failure == null ? answer.statusCode() : -1));
    }
    List<Backend> nowReady = new ArrayList<>();
    List<Backend> nowLive = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      int status = answers.get(i).join();
      if (status > 0) {
        nowLive.add(all.get(i));
      }
      if (status == 200) {
        nowReady.add(all.get(i));
      }
    }
    ready = List.copyOf(nowReady);
    live = List.copyOf(nowLive);
  }

  /**
   * Where a new connection to {@code address} goes when clients reach the balancer as they reach a
   * Kubernetes Service through kube-proxy's NAT rules: the balancer's own address becomes the
   * chosen node's (the same choice the relay makes), and the connection goes straight there. No
   * byte passes through this process, so it holds no file per connection: a load generator can keep
   * tens of thousands of sessions behind it within its open-files limit. Other addresses, and the
   * balancer's when no node will take a connection, are left as they are.
   */
  public InetSocketAddress route(URI address) {
    if (address.getPort() != port() || !address.getHost().equals("127.0.0.1")) {
      return new InetSocketAddress(address.getHost(), address.getPort());
    }
    Backend chosen = choose();
    return chosen == null ? new InetSocketAddress("127.0.0.1", port()) : chosen.gateway();
  }

  /** The node for a new connection, or null when none will take it. */
  private Backend choose() {
    List<Backend> candidates = System.nanoTime() - ignoreReadinessUntil < 0 ? live : ready;
    if (candidates.isEmpty()) {
      return null;
    }
    return candidates.get(Math.floorMod(turn.getAndIncrement(), candidates.size()));
  }

  /** A client's connection: opens one to the chosen node, then relays both ways. */
  private final class Frontend extends Relay {
    @Override
    public void channelActive(ChannelHandlerContext context) {
      Channel client = context.channel();
      Backend chosen = choose();
      if (chosen == null) {
        client.close();
        return;
      }
      ChannelFuture connected =
          new Bootstrap()
              .group(client.eventLoop())
              .channel(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
              .option(ChannelOption.TCP_NODELAY, true)
              .option(ChannelOption.AUTO_READ, false)
              .handler(new Relay(client))
              .connect(chosen.gateway());
      Channel backend = connected.channel();
      other = backend;
      connected.addListener(
          (ChannelFuture done) -> {
            if (done.isSuccess()) {
              client.read();
              backend.read();
            } else {
              client.close();
            }
          });
    }
  }

  /**
   * One side of a relayed connection, passing what it reads to the other side: the node's side
   * knows the client from the start, the client's side ({@link Frontend}) once it has connected.
   */
  private static class Relay extends ChannelInboundHandlerAdapter {
    Channel other;

    Relay() {}

    Relay(Channel other) {
      this.other = other;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object bytes) {
      relay(context.channel(), other, bytes);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
      closeAfterFlush(other);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
      closeAfterFlush(context.channel());
    }
  }

  /** Writes what one side read to the other, and reads more once it is written. */
  private static void relay(Channel from, Channel to, Object bytes) {
    if (to == null || !to.isActive()) {
      io.netty.util.ReferenceCountUtil.release(bytes);
      return;
    }
    to.writeAndFlush(bytes)
        .addListener(
            (ChannelFuture written) -> {
              if (written.isSuccess()) {
                from.read();
              } else {
                written.channel().close();
              }
            });
  }

  private static void closeAfterFlush(Channel channel) {
    if (channel != null && channel.isActive()) {
      channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void close() {
    prober.shutdownNow();
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
