package io.rtfleet.node.fleet;

import io.rtfleet.node.fleet.PeerMessage.IndexChange;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells every peer of a change to the fleet-wide indexes (a user, a membership, a channel, a user's
 * status), and completes once each reachable peer has taken it in: a client that got its REST
 * answer may use any node next. A peer that cannot be reached is skipped: it reads the indexes from
 * the database when it starts again.
 */
public final class IndexBroadcaster {
  private static final Logger LOG = LoggerFactory.getLogger(IndexBroadcaster.class);
  public static final int FLAG_BOT = 1;
  public static final int FLAG_PRIVILEGED_INTENTS = 2;

  private final Fleet fleet;

  public IndexBroadcaster(Fleet fleet) {
    this.fleet = fleet;
  }

  public CompletableFuture<Void> user(
      long userId, String username, boolean bot, boolean privileged) {
    int flags = (bot ? FLAG_BOT : 0) | (privileged ? FLAG_PRIVILEGED_INTENTS : 0);
    return broadcast(IndexChange.Kind.USER, userId, 0, username, flags);
  }

  public CompletableFuture<Void> memberAdded(long userId, long guildId) {
    return broadcast(IndexChange.Kind.MEMBER_ADDED, userId, guildId, null, 0);
  }

  public CompletableFuture<Void> memberRemoved(long userId, long guildId) {
    return broadcast(IndexChange.Kind.MEMBER_REMOVED, userId, guildId, null, 0);
  }

  public CompletableFuture<Void> channelCreated(long channelId, long guildId) {
    return broadcast(IndexChange.Kind.CHANNEL_CREATED, channelId, guildId, null, 0);
  }

  /** The user's status as its guilds show it; null when offline or invisible. */
  public CompletableFuture<Void> presence(long userId, String status) {
    return broadcast(IndexChange.Kind.PRESENCE, userId, 0, status, 0);
  }

  private CompletableFuture<Void> broadcast(
      IndexChange.Kind kind, long first, long second, String name, int flags) {
    if (fleet.isStandalone()) {
      return CompletableFuture.completedFuture(null);
    }
    List<CompletableFuture<?>> taken = new ArrayList<>();
    for (PeerClient peer : fleet.allPeers()) {
      taken.add(
          peer.call(id -> new IndexChange(id, kind, first, second, name, flags))
              .exceptionally(
                  failure -> {
                    LOG.warn(
                        "peer {} missed an index change: {}", peer.peerId(), failure.toString());
                    return null;
                  }));
    }
    return CompletableFuture.allOf(taken.toArray(CompletableFuture[]::new));
  }
}
