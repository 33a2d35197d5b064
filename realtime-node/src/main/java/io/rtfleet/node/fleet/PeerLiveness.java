package io.rtfleet.node.fleet;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.rtfleet.node.fleet.PeerMessage.Heartbeat;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a peer link honest about being alive. Both ends send a {@link Heartbeat} when they have
 * written nothing for the heartbeat interval, so a live link is never silent for long; an end that
 * has read nothing for the timeout closes the link. A cut the TCP stack does not see (a dropped
 * route, a frozen peer, a proxy that stopped forwarding) then becomes a link loss, with the
 * recovery designed for it, instead of requests and events piling up for minutes.
 */
final class PeerLiveness extends ChannelDuplexHandler {
  private static final Logger LOG = LoggerFactory.getLogger(PeerLiveness.class);

  private final Supplier<String> describe;
  private final long timeoutMillis;

  /** {@code describe} names the link in the log, e.g. "to node-1" (it may change on welcome). */
  PeerLiveness(Supplier<String> describe, long timeoutMillis) {
    this.describe = describe;
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public void channelRead(ChannelHandlerContext context, Object message) {
    if (!(message instanceof Heartbeat)) {
      context.fireChannelRead(message);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext context, Object event) {
    if (!(event instanceof IdleStateEvent idle)) {
      context.fireUserEventTriggered(event);
      return;
    }
    if (idle.state() == IdleState.WRITER_IDLE) {
      context.writeAndFlush(new Heartbeat(), context.voidPromise());
    } else if (idle.state() == IdleState.READER_IDLE) {
      LOG.warn(
          "peer link {} lost: nothing heard for {} ms; closing it", describe.get(), timeoutMillis);
      context.close();
    }
  }
}
