package io.rtfleet.node.fleet;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.rtfleet.node.fleet.PeerMessage.Authenticate;
import io.rtfleet.node.fleet.PeerMessage.Challenge;
import io.rtfleet.node.fleet.PeerMessage.Welcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accepting end of a peer link: challenges the connecting node, and until it has proved it
 * holds the fleet secret closes the link on anything but a correct answer. Then every message is a
 * request for {@link PeerRequests}.
 */
final class PeerServerHandler extends SimpleChannelInboundHandler<PeerMessage> {
  private static final Logger LOG = LoggerFactory.getLogger(PeerServerHandler.class);

  private final String selfId;
  private final PeerProof proof;
  private final PeerRequests requests;
  private byte[] nonce;
  private PeerLink link;

  PeerServerHandler(String selfId, PeerProof proof, PeerRequests requests) {
    this.selfId = selfId;
    this.proof = proof;
    this.requests = requests;
  }

  @Override
  public void channelActive(ChannelHandlerContext context) {
    nonce = proof.newNonce();
    context.writeAndFlush(new Challenge(nonce));
  }

  @Override
  protected void channelRead0(ChannelHandlerContext context, PeerMessage message) {
    if (link != null) {
      requests.handle(link, message);
      return;
    }
    if (message instanceof Authenticate answer
        && proof.verify(nonce, answer.nodeId(), answer.proof())) {
      link = new PeerLink(answer.nodeId(), context.channel());
      context.writeAndFlush(new Welcome(selfId));
      return;
    }
    LOG.warn("peer link from {} refused: bad fleet credentials", context.channel().remoteAddress());
    context.close();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
    LOG.warn(
        "peer link {} closed: {}", link != null ? link : "(unauthenticated)", cause.toString());
    context.close();
  }
}
