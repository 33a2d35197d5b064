package io.rtfleet.node.fleet;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.rtfleet.node.fleet.PeerMessage.Ack;
import io.rtfleet.node.fleet.PeerMessage.Authenticate;
import io.rtfleet.node.fleet.PeerMessage.Challenge;
import io.rtfleet.node.fleet.PeerMessage.Followed;
import io.rtfleet.node.fleet.PeerMessage.RestReply;
import io.rtfleet.node.fleet.PeerMessage.Welcome;
import io.rtfleet.node.http.NettyServer;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * This node's link to one peer: connects on first use, answers the peer's challenge, and then
 * carries requests, matching each reply to its request by id. Messages sent before the peer
 * welcomed us wait and go out in order. When the link drops, every pending request fails and the
 * {@link Listener} is told, so that what followed the peer through it can start over; the next
 * request connects anew.
 */
public final class PeerClient {
  /** What the peer pushes: answers to follows and the events of followed guilds, in order. */
  public interface Listener {
    /** Runs on the link's event loop, in the order the peer sent. */
    void received(String peerId, PeerMessage message);

    void disconnected(String peerId);
  }

  private static final long REQUEST_TIMEOUT_SECONDS = 10;

  private final String peerId;
  private final InetSocketAddress address;
  private final String selfId;
  private final PeerProof proof;
  private final EventLoopGroup group;
  private final Listener listener;
  private final AtomicLong ids;
  private final Map<Long, CompletableFuture<PeerMessage>> pending = new ConcurrentHashMap<>();
  private final List<PeerMessage> queued = new ArrayList<>();
  private Channel channel;
  private boolean welcomed;

  PeerClient(
      String peerId,
      InetSocketAddress address,
      String selfId,
      PeerProof proof,
      EventLoopGroup group,
      Listener listener,
      AtomicLong ids) {
    this.peerId = peerId;
    this.address = address;
    this.selfId = selfId;
    this.proof = proof;
    this.group = group;
    this.listener = listener;
    this.ids = ids;
  }

  public String peerId() {
    return peerId;
  }

  public InetSocketAddress address() {
    return address;
  }

  /**
   * Sends the request built for a fresh id, unique among all of this node's links; the future
   * completes with the peer's reply, or fails when the link drops or the peer takes longer than 10
   * s.
   */
  public CompletableFuture<PeerMessage> call(LongFunction<PeerMessage> request) {
    long id = ids.incrementAndGet();
    CompletableFuture<PeerMessage> reply = new CompletableFuture<>();
    pending.put(id, reply);
    reply
        .orTimeout(REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .whenComplete((answer, failure) -> pending.remove(id));
    send(request.apply(id));
    return reply;
  }

  /** Sends a message that needs no reply. */
  public synchronized void send(PeerMessage message) {
    if (channel == null) {
      connect();
    }
    if (welcomed) {
      channel.writeAndFlush(message, channel.voidPromise());
    } else {
      queued.add(message);
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
                    PeerMessageCodec.install(socket.pipeline());
                    socket.pipeline().addLast(new Handler());
                  }
                });
    Channel connecting = bootstrap.connect(address).channel();
    channel = connecting;
    connecting.closeFuture().addListener(closed -> dropped(connecting));
  }

  private synchronized void welcomed(Channel on) {
    if (channel != on) {
      return;
    }
    welcomed = true;
    for (PeerMessage message : queued) {
      on.write(message, on.voidPromise());
    }
    queued.clear();
    on.flush();
  }

  private void dropped(Channel gone) {
    synchronized (this) {
      if (channel != gone) {
        return;
      }
      channel = null;
      welcomed = false;
      queued.clear();
    }
    IllegalStateException lost = new IllegalStateException("peer link to " + peerId + " dropped");
    pending.values().forEach(reply -> reply.completeExceptionally(lost));
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
