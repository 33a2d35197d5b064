package io.rtfleet.cli.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.rtfleet.cli.bench.check.DeliveryChecker;
import io.rtfleet.cli.bench.check.Stamp;
import io.rtfleet.cli.client.Target;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Posts stamped messages over one keep-alive HTTP connection, one at a time so that each stream
 * (this publisher in one guild) is in the guild's order, at a fixed rate: message k goes at {@code
 * start + k * interval}, or as soon as the previous answer arrives when behind. When its node goes
 * away it goes on through the next entry node, as a client behind a Service would; the message in
 * flight then was not acknowledged, so it is not owed to anyone.
 */
@io.netty.channel.ChannelHandler.Sharable // one connection at a time, the next after a failover
public final class Publisher extends SimpleChannelInboundHandler<FullHttpResponse> {
  /** Where a publisher may post: the guild's channel and the stream id of this publisher there. */
  public record Target(String channelId, int stream) {}

  private final List<java.net.URI> entries;
  private int entry;
  private final String authorization;
  private final List<Target> targets;
  private final double[] targetWeights;
  private final int payloadBytes;
  private final long intervalNanos;
  private final DeliveryChecker checker;
  private final LoadStats stats;
  private final Random random;
  private final LongSupplier nanoClock;
  private final int[] counters;
  private Channel channel;
  private EventLoopGroup group;
  private Class<? extends Channel> channelType;
  private boolean awaitingAnswer;
  private boolean closingOnRequest;
  private long started;
  private long sent;
  private long deadline;
  private Target inFlightTarget;
  private int inFlightCounter;
  private long inFlightSince;
  private volatile boolean done;

  public Publisher(
      List<java.net.URI> entries,
      int firstEntry,
      String authorization,
      List<Target> targets,
      double[] targetWeights,
      int payloadBytes,
      double messagesPerSecond,
      DeliveryChecker checker,
      LoadStats stats,
      long seed) {
    this.entries = List.copyOf(entries);
    this.entry = firstEntry;
    this.authorization = authorization;
    this.targets = targets;
    this.targetWeights = targetWeights;
    this.payloadBytes = payloadBytes;
    this.intervalNanos = (long) (1e9 / messagesPerSecond);
    this.checker = checker;
    this.stats = stats;
    this.random = new Random(seed);
    this.nanoClock = System::nanoTime;
    this.counters = new int[targets.size()];
  }

  /**
   * Connects and posts until {@code durationNanos} from now, its first message {@code phase} (0..1)
   * of an interval late, so that publishers sharing a rate spread out instead of firing in bursts.
   */
  public void start(
      EventLoopGroup group, Class<? extends Channel> channelType, long durationNanos, double phase)
      throws InterruptedException {
    this.group = group;
    this.channelType = channelType;
    channel = connect().sync().channel();
    long now = nanoClock.getAsLong();
    started = now + (long) (phase * intervalNanos);
    deadline = now + durationNanos;
    channel.eventLoop().execute(this::sendNext);
  }

  /** The entry node posted through now. */
  private java.net.URI node() {
    return entries.get(entry % entries.size());
  }

  private io.netty.channel.ChannelFuture connect() {
    java.net.URI node = node();
    return new Bootstrap()
        .group(group)
        .channel(channelType)
        .handler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                ch.pipeline()
                    .addLast(new HttpClientCodec())
                    .addLast(new HttpObjectAggregator(1 << 20))
                    .addLast(Publisher.this);
              }
            })
        .connect(node.getHost(), node.getPort());
  }

  /** The node is gone: on to the next entry node, until one answers or time is up. */
  private void failOver() {
    if (awaitingAnswer) {
      awaitingAnswer = false;
      stats.publishFailed("connection lost");
    }
    moveOn(100);
  }

  /** On to the next entry node after {@code delayMillis}. */
  private void moveOn(long delayMillis) {
    if (nanoClock.getAsLong() >= deadline) {
      done = true;
      return;
    }
    entry++;
    group
        .next()
        .schedule(
            () ->
                connect()
                    .addListener(
                        (io.netty.channel.ChannelFuture connected) -> {
                          if (connected.isSuccess()) {
                            channel = connected.channel();
                            channel.eventLoop().execute(this::sendNext);
                          } else {
                            failOver();
                          }
                        }),
            delayMillis,
            TimeUnit.MILLISECONDS);
  }

  public boolean done() {
    return done;
  }

  private void sendNext() {
    long now = nanoClock.getAsLong();
    if (now >= deadline) {
      done = true;
      channel.close();
      return;
    }
    long due = started + sent * intervalNanos;
    if (due > now) {
      channel.eventLoop().schedule(this::sendNext, due - now, TimeUnit.NANOSECONDS);
      return;
    }
    int index = pick();
    inFlightTarget = targets.get(index);
    inFlightCounter = counters[index]++;
    inFlightSince = nanoClock.getAsLong();
    String content =
        new Stamp(inFlightTarget.stream(), inFlightCounter, inFlightSince).content(payloadBytes);
    byte[] body = ("{\"content\":\"" + content + "\"}").getBytes(StandardCharsets.UTF_8);
    FullHttpRequest request =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1,
            HttpMethod.POST,
            "/api/v10/channels/" + inFlightTarget.channelId() + "/messages",
            Unpooled.wrappedBuffer(body));
    request
        .headers()
        .set(HttpHeaderNames.HOST, node().getAuthority())
        .set(HttpHeaderNames.AUTHORIZATION, authorization)
        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    sent++;
    awaitingAnswer = true;
    channel.writeAndFlush(request);
  }

  private int pick() {
    double roll = random.nextDouble();
    double cumulative = 0;
    for (int i = 0; i < targetWeights.length; i++) {
      cumulative += targetWeights[i];
      if (roll < cumulative) {
        return i;
      }
    }
    return targetWeights.length - 1;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
    awaitingAnswer = false;
    if (response.status().code() == 200) {
      checker.accepted(inFlightTarget.stream(), inFlightCounter, inFlightSince);
      stats.published.incrementAndGet();
      stats.publishLatencyMicros.record((nanoClock.getAsLong() - inFlightSince) / 1000);
    } else {
      stats.publishFailed(Integer.toString(response.status().code()));
    }
    if (!HttpUtil.isKeepAlive(response)) {
      // The node asked to close (it is draining): the next post goes elsewhere, as an HTTP
      // client's would, instead of onto a connection about to close.
      closingOnRequest = true;
      ctx.close();
      return;
    }
    sendNext();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (awaitingAnswer) {
      awaitingAnswer = false;
      stats.publishFailed(cause.getClass().getSimpleName());
    }
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (done) {
      return;
    }
    if (closingOnRequest) {
      closingOnRequest = false;
      moveOn(0);
    } else {
      failOver();
    }
  }
}
