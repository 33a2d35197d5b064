package io.rtfleet.node.fleet;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.ScheduledFuture;
import io.rtfleet.node.fleet.PeerMessage.Authenticate;
import io.rtfleet.node.fleet.PeerMessage.Challenge;
import io.rtfleet.node.fleet.PeerMessage.Welcome;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accepting end of a peer link: challenges the connecting node, and until it has proved it
 * holds the fleet secret closes the link on anything but a correct answer, on a frame larger than
 * that answer, and when the handshake takes longer than its timeout. Then every message is a
 * request for {@link PeerRequests}.
 */
final class PeerServerHandler extends SimpleChannelInboundHandler<PeerMessage> {
  private static final Logger LOG = LoggerFactory.getLogger(PeerServerHandler.class);

  private final String selfId;
  private final PeerProof proof;
  private final PeerRequests requests;
  private final PeerHandshakes handshakes;
  private byte[] nonce;
  private PeerLink link;
  private boolean counted;
  private ScheduledFuture<?> handshakeTimeout;

  PeerServerHandler(
      String selfId, PeerProof proof, PeerRequests requests, PeerHandshakes handshakes) {
    this.selfId = selfId;
    this.proof = proof;
    this.requests = requests;
    this.handshakes = handshakes;
  }

  /** Names the link in log lines, before and after its peer said who it is. */
  String describe(Channel channel) {
    return link != null ? "from " + link : "from " + channel.remoteAddress();
  }

  @Override
  public void channelActive(ChannelHandlerContext context) {
    if (!handshakes.admit()) {
      refused(context, "too many connections are in their handshake");
      return;
    }
    counted = true;
    handshakeTimeout =
        context
            .executor()
            .schedule(
                () -> refused(context, "no answer to the challenge in time"),
                handshakes.timeout().toMillis(),
                TimeUnit.MILLISECONDS);
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
      handshakeTimeout.cancel(false);
      uncount();
      link = new PeerLink(answer.nodeId(), context.channel());
      ((PeerFrameDecoder) context.pipeline().get(PeerMessageCodec.FRAMES))
          .allow(PeerCodec.MAX_FRAME_BYTES);
      context.writeAndFlush(new Welcome(selfId));
      return;
    }
    refused(context, "bad fleet credentials");
  }

  private void refused(ChannelHandlerContext context, String why) {
    if (link != null || !context.channel().isOpen()) {
      return;
    }
    long notLogged = handshakes.refusalToLog();
    if (notLogged >= 0) {
      LOG.warn(
          "peer link from {} refused: {}{}",
          context.channel().remoteAddress(),
          why,
          notLogged > 0 ? " (" + notLogged + " more refused since the last such line)" : "");
    }
    context.close();
  }

  private void uncount() {
    if (counted) {
      counted = false;
      handshakes.done();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext context) {
    uncount();
    if (handshakeTimeout != null) {
      handshakeTimeout.cancel(false);
    }
    if (link != null) {
      LOG.info("peer link {} closed", link);
    }
    context.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
    if (link == null) {
      refused(context, cause.getMessage() == null ? cause.toString() : cause.getMessage());
      return;
    }
    LOG.warn("peer link {} closed: {}", link, cause.toString());
    context.close();
  }
}
