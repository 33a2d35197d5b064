package io.rtfleet.node.fleet;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;

/** The pipeline of a peer link this node accepts: framing, then the challenge and requests. */
public final class PeerInitializer extends ChannelInitializer<SocketChannel> {
  private final String selfId;
  private final PeerProof proof;
  private final PeerRequests requests;

  public PeerInitializer(String selfId, PeerProof proof, PeerRequests requests) {
    this.selfId = selfId;
    this.proof = proof;
    this.requests = requests;
  }

  @Override
  protected void initChannel(SocketChannel channel) {
    PeerMessageCodec.install(channel.pipeline());
    channel.pipeline().addLast(new PeerServerHandler(selfId, proof, requests));
  }
}
