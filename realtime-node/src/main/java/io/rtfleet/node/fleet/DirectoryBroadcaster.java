package io.rtfleet.node.fleet;

import io.rtfleet.node.fleet.PeerMessage.DirectoryChange;
import io.rtfleet.node.fleet.PeerMessage.Resync;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells every peer of a change to the fleet-wide directory (a user, a membership, a channel, a
 * user's status), and completes once each reachable peer has taken it in: a client that got its
 * REST answer may use any node next.
 *
 * <p>A peer that cannot be reached is skipped, and remembered: until it answers a {@link Resync}
 * (it then reads its directory again from the database, which holds every committed change), one is
 * sent to it every retry interval. A peer that restarts reads them anyway. Statuses are not in the
 * database; a peer that missed one shows the user's next.
 */
public final class DirectoryBroadcaster {
  private static final Logger LOG = LoggerFactory.getLogger(DirectoryBroadcaster.class);
  public static final int FLAG_BOT = 1;
  public static final int FLAG_PRIVILEGED_INTENTS = 2;

  private final Fleet fleet;
  private final ScheduledExecutorService timer;
  private final long retryMillis;

  /** Peers that missed a change, each with a count of its misses (a resync covers those before). */
  private final Map<String, Long> missed = new ConcurrentHashMap<>();

  private final Set<String> resyncing = ConcurrentHashMap.newKeySet();

  public DirectoryBroadcaster(Fleet fleet, ScheduledExecutorService timer, long retryMillis) {
    this.fleet = fleet;
    this.timer = timer;
    this.retryMillis = retryMillis;
  }

  public CompletableFuture<Void> user(
      long userId, String username, boolean bot, boolean privileged) {
    int flags = (bot ? FLAG_BOT : 0) | (privileged ? FLAG_PRIVILEGED_INTENTS : 0);
    return broadcast(DirectoryChange.Kind.USER, userId, 0, username, flags);
  }

  public CompletableFuture<Void> memberAdded(long userId, long guildId) {
    return broadcast(DirectoryChange.Kind.MEMBER_ADDED, userId, guildId, null, 0);
  }

  public CompletableFuture<Void> memberRemoved(long userId, long guildId) {
    return broadcast(DirectoryChange.Kind.MEMBER_REMOVED, userId, guildId, null, 0);
  }

  public CompletableFuture<Void> channelCreated(long channelId, long guildId) {
    return broadcast(DirectoryChange.Kind.CHANNEL_CREATED, channelId, guildId, null, 0);
  }

  /** The user's status as its guilds show it; null when offline or invisible. */
  public CompletableFuture<Void> presence(long userId, String status) {
    return broadcast(DirectoryChange.Kind.PRESENCE, userId, 0, status, 0);
  }

  private CompletableFuture<Void> broadcast(
      DirectoryChange.Kind kind, long first, long second, String name, int flags) {
    if (fleet.isStandalone()) {
      return CompletableFuture.completedFuture(null);
    }
    List<CompletableFuture<?>> taken = new ArrayList<>();
    for (PeerClient peer : fleet.allPeers()) {
      taken.add(
          peer.call(id -> new DirectoryChange(id, kind, first, second, name, flags))
              .exceptionally(
                  failure -> {
                    missedBy(peer.peerId(), failure);
                    return null;
                  }));
    }
    return CompletableFuture.allOf(taken.toArray(CompletableFuture[]::new));
  }

  private void missedBy(String peerId, Throwable failure) {
    if (missed.merge(peerId, 1L, Long::sum) == 1L) {
      LOG.warn(
          "peer {} missed a directory change ({}); it will be asked to read its directory again",
          peerId,
          failure.getMessage());
      scheduleResync(peerId);
    }
  }

  private void scheduleResync(String peerId) {
    try {
      timer.schedule(() -> resync(peerId), retryMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException stopping) {
      // this node is shutting down; the peer reads the database when it next starts
    }
  }

  /** Asks the peer to read its directory again; tries again later until it has. */
  private void resync(String peerId) {
    Long misses = missed.get(peerId);
    PeerClient peer = fleet.peer(peerId);
    if (misses == null || peer == null || !resyncing.add(peerId)) {
      if (peer == null) {
        missed.remove(peerId); // it left the fleet
      }
      return;
    }
    peer.call(Resync::new)
        .whenComplete(
            (answer, failure) -> {
              resyncing.remove(peerId);
              if (failure == null && missed.remove(peerId, misses)) {
                LOG.info("peer {} read its directory again after missing changes", peerId);
              } else if (missed.containsKey(peerId)) {
                scheduleResync(peerId);
              }
            });
  }
}
