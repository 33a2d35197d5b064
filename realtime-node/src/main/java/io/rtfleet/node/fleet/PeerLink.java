package io.rtfleet.node.fleet;

import io.netty.channel.Channel;

/** The server end of an authenticated peer link: what an owner writes a follower's events to. */
public final class PeerLink {
  private final String nodeId;
  private final Channel channel;

  PeerLink(String nodeId, Channel channel) {
    this.nodeId = nodeId;
    this.channel = channel;
  }

  public String nodeId() {
    return nodeId;
  }

  public boolean isOpen() {
    return channel.isActive();
  }

  /** Queues the message; messages sent from one thread arrive in the order sent. */
  public void send(PeerMessage message) {
    channel.writeAndFlush(message, channel.voidPromise());
  }

  @Override
  public String toString() {
    return nodeId + "@" + channel.remoteAddress();
  }
}
