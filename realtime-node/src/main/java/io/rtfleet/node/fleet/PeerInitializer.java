package io.rtfleet.node.fleet;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import java.time.Duration;

/** The pipeline of a peer link this node accepts: framing, heartbeats, the challenge, requests. */
public final class PeerInitializer extends ChannelInitializer<SocketChannel> {
  private final String selfId;
  private final PeerProof proof;
  private final PeerRequests requests;
  private final PeerHandshakes handshakes;
  private final Duration heartbeatInterval;
  private final Duration timeout;

  public PeerInitializer(
      String selfId,
      PeerProof proof,
      PeerRequests requests,
      PeerHandshakes handshakes,
      Duration heartbeatInterval,
      Duration timeout) {
    this.selfId = selfId;
    this.proof = proof;
    this.requests = requests;
    this.handshakes = handshakes;
    this.heartbeatInterval = heartbeatInterval;
    this.timeout = timeout;
  }

  @Override
  protected void initChannel(SocketChannel channel) {
    PeerServerHandler handler = new PeerServerHandler(selfId, proof, requests, handshakes);
    PeerMessageCodec.install(
        channel.pipeline(),
        PeerHandshakes.MAX_FRAME_BYTES,
        heartbeatInterval,
        timeout,
        () -> handler.describe(channel));
    channel.pipeline().addLast(handler);
  }
}
