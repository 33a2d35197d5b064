package io.rtfleet.node.fleet;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.ScheduledFuture;
import io.rtfleet.node.fleet.PeerMessage.Ack;
import io.rtfleet.node.fleet.PeerMessage.Authenticate;
import io.rtfleet.node.fleet.PeerMessage.Challenge;
import io.rtfleet.node.fleet.PeerMessage.Followed;
import io.rtfleet.node.fleet.PeerMessage.RestReply;
import io.rtfleet.node.fleet.PeerMessage.Welcome;
import io.rtfleet.node.net.NettyServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's link to one peer: connects on first use, answers the peer's challenge, and then
 * carries requests, matching each reply to its request by id. Messages sent before the peer
 * welcomed us wait and go out in order. When the link drops (closed, refused, or silent past its
 * timeout), every pending request fails and the {@link Listener} is told, so that what followed the
 * peer through it can start over; the next request connects anew.
 *
 * <p>A request that gets no answer fails with a {@link PeerCallFailure} saying whether it was ever
 * written to the link: one that timed out while still waiting for the connection is taken out of
 * the queue then, so that it is never sent after its caller was told it failed.
 */
public final class PeerClient {
  private static final Logger LOG = LoggerFactory.getLogger(PeerClient.class);

  /** What the peer pushes: answers to follows and the events of followed guilds, in order. */
  public interface Listener {
    /** Runs on the link's event loop, in the order the peer sent. */
    void received(String peerId, PeerMessage message);

    void disconnected(String peerId);
  }

  /** How the link is kept: heartbeats, and how long silence or a request may last. */
  public record Timing(Duration heartbeatInterval, Duration timeout, Duration requestTimeout) {}

  /** A message waiting for the connection; {@code id} is 0 for one that expects no reply. */
  private record Queued(long id, PeerMessage message) {}

  private final String peerId;
  private final InetSocketAddress address;
  private final String selfId;
  private final PeerProof proof;
  private final EventLoopGroup group;
  private final Listener listener;
  private final AtomicLong ids;
  private final Timing timing;
  private final Map<Long, CompletableFuture<PeerMessage>> pending = new ConcurrentHashMap<>();
  private final List<Queued> queued = new ArrayList<>();
  private Channel channel;
  private boolean welcomed;

  PeerClient(
      String peerId,
      InetSocketAddress address,
      String selfId,
      PeerProof proof,
      EventLoopGroup group,
      Listener listener,
      AtomicLong ids,
      Timing timing) {
    this.peerId = peerId;
    this.address = address;
    this.selfId = selfId;
    this.proof = proof;
    this.group = group;
    this.listener = listener;
    this.ids = ids;
    this.timing = timing;
  }

  public String peerId() {
    return peerId;
  }

  public InetSocketAddress address() {
    return address;
  }

  /**
   * Sends the request built for a fresh id, unique among all of this node's links; the future
   * completes with the peer's reply, or fails with a {@link PeerCallFailure} when the link drops or
   * the peer takes longer than the request timeout.
   */
  public CompletableFuture<PeerMessage> call(LongFunction<PeerMessage> request) {
    return call(request, timing.requestTimeout());
  }

  /** {@link #call(LongFunction)} with its own timeout. */
  public CompletableFuture<PeerMessage> call(LongFunction<PeerMessage> request, Duration timeout) {
    long id = ids.incrementAndGet();
    CompletableFuture<PeerMessage> reply = new CompletableFuture<>();
    PeerMessage message = request.apply(id);
    enqueue(id, message, reply);
    ScheduledFuture<?> expiry =
        group.schedule(() -> expire(id), timeout.toMillis(), TimeUnit.MILLISECONDS);
    reply.whenComplete(
        (answer, failure) -> {
          pending.remove(id);
          expiry.cancel(false);
        });
    return reply;
  }

  /** Sends a message that needs no reply. */
  public void send(PeerMessage message) {
    enqueue(0, message, null);
  }

  /**
   * Writes the message, or queues it until the peer welcomes this node. A request is registered
   * under the same lock, so that a link that drops fails exactly the requests it carried or held.
   */
  private synchronized void enqueue(
      long id, PeerMessage message, CompletableFuture<PeerMessage> reply) {
    if (reply != null) {
      pending.put(id, reply);
    }
    if (channel == null) {
      connect();
    }
    if (welcomed) {
      channel.writeAndFlush(message, channel.voidPromise());
    } else {
      queued.add(new Queued(id, message));
    }
  }

  /**
   * The request's time is up: it fails, and if it is still waiting to be sent, it never will be.
   */
  private void expire(long id) {
    boolean wasQueued;
    synchronized (this) {
      wasQueued = queued.removeIf(waiting -> waiting.id() == id);
    }
    CompletableFuture<PeerMessage> reply = pending.get(id);
    if (reply != null) {
      reply.completeExceptionally(
          new PeerCallFailure(
              wasQueued
                  ? "no link to " + peerId + " in time; the request was not sent"
                  : peerId + " did not answer in time",
              !wasQueued));
    }
  }

  private void connect() {
    welcomed = false;
    Bootstrap bootstrap =
        new Bootstrap()
            .group(group)
            .channel(
                NettyServer.nativeTransport() ? EpollSocketChannel.class : NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 3000)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel socket) {
                    PeerMessageCodec.install(
                        socket.pipeline(),
                        PeerCodec.MAX_FRAME_BYTES,
                        timing.heartbeatInterval(),
                        timing.timeout(),
                        () -> "to " + peerId);
                    socket.pipeline().addLast(new Handler());
                  }
                });
    if (NettyServer.nativeTransport()) {
      // Data the peer does not acknowledge for this long fails the connection in the kernel too.
      bootstrap.option(EpollChannelOption.TCP_USER_TIMEOUT, (int) timing.timeout().toMillis());
    }
    Channel connecting = bootstrap.connect(address).channel();
    channel = connecting;
    connecting.closeFuture().addListener(closed -> dropped(connecting));
  }

  private synchronized void welcomed(Channel on) {
    if (channel != on) {
      return;
    }
    welcomed = true;
    for (Queued message : queued) {
      on.write(message.message(), on.voidPromise());
    }
    queued.clear();
    on.flush();
  }

  private void dropped(Channel gone) {
    Set<Long> unsent = new HashSet<>();
    Map<Long, CompletableFuture<PeerMessage>> failing;
    boolean wasWelcomed;
    synchronized (this) {
      if (channel != gone) {
        return;
      }
      wasWelcomed = welcomed;
      channel = null;
      welcomed = false;
      queued.forEach(waiting -> unsent.add(waiting.id()));
      queued.clear();
      failing = new HashMap<>(pending);
    }
    if (wasWelcomed || !failing.isEmpty()) {
      LOG.warn(
          "peer link to {} dropped{}",
          peerId,
          failing.isEmpty() ? "" : "; failing " + failing.size() + " requests");
    }
    failing.forEach(
        (id, reply) ->
            reply.completeExceptionally(
                unsent.contains(id)
                    ? new PeerCallFailure(
                        "no link to " + peerId + "; the request was not sent", false)
                    : new PeerCallFailure("peer link to " + peerId + " dropped", true)));
    listener.disconnected(peerId);
  }

  /** Closes the link for good (the peer left the fleet, or this node stops). */
  public synchronized void close() {
    if (channel != null) {
      channel.close();
    }
  }

  private final class Handler extends SimpleChannelInboundHandler<PeerMessage> {
    @Override
    protected void channelRead0(ChannelHandlerContext context, PeerMessage message) {
      if (message instanceof Challenge challenge) {
        context.writeAndFlush(new Authenticate(selfId, proof.prove(challenge.nonce(), selfId)));
      } else if (message instanceof Welcome) {
        welcomed(context.channel());
      } else {
        // Pushed messages first: a Followed must reach the listener before the request's future
        // completes, and before any event read after it.
        listener.received(peerId, message);
        long id = replyId(message);
        if (id != 0) {
          CompletableFuture<PeerMessage> reply = pending.remove(id);
          if (reply != null) {
            reply.complete(message);
          }
        }
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
      context.close();
    }
  }

  private static long replyId(PeerMessage message) {
    if (message instanceof RestReply reply) {
      return reply.id();
    }
    if (message instanceof Followed followed) {
      return followed.id();
    }
    if (message instanceof PeerMessage.SessionState state) {
      return state.id();
    }
    if (message instanceof Ack ack) {
      return ack.id();
    }
    if (message instanceof PeerMessage.Adopted adopted) {
      return adopted.id();
    }
    return 0;
  }
}
