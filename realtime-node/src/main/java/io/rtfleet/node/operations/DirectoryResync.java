package io.rtfleet.node.operations;

import io.rtfleet.node.fleet.PeerMessage.DirectoryChange;
import io.rtfleet.node.lanes.Directory;
import io.rtfleet.node.model.Membership;
import io.rtfleet.node.store.GuildLoader.DirectoryRows;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the fleet-wide directory (users, channels, memberships) again from the database, for a node
 * that missed changes while a peer could not reach it. The database holds every committed change,
 * so after a resync this node knows what it would know had it just started.
 *
 * <p>Users and channels are only ever added, and are put again. Memberships are compared: one the
 * database has and this node does not is added, one this node has and the database does not is
 * removed, each as if its directory change had arrived (sessions of the user join or leave the
 * guild). A membership that changed while the database was being read is left as it is now: it is
 * newer than the snapshot.
 */
public final class DirectoryResync {
  private static final Logger LOG = LoggerFactory.getLogger(DirectoryResync.class);

  private final Directory directory;
  private final GuildEngine engine;
  private final Supplier<DirectoryRows> load;
  private final Executor database;
  private CompletableFuture<Void> running = CompletableFuture.completedFuture(null);

  public DirectoryResync(
      Directory directory, GuildEngine engine, Supplier<DirectoryRows> load, Executor database) {
    this.directory = directory;
    this.engine = engine;
    this.load = load;
    this.database = database;
  }

  /**
   * Runs a resync after any that is running (a request must see a read that started after it);
   * completes when it is done.
   */
  public synchronized CompletableFuture<Void> request() {
    running = running.handle((done, failure) -> null).thenRunAsync(this::resync, database);
    return running;
  }

  private void resync() {
    long started = System.nanoTime();
    directory.beginResync();
    DirectoryRows rows;
    Set<Membership> changedSince;
    try {
      rows = load.get();
    } finally {
      changedSince = directory.endResync();
    }
    rows.users().forEach(directory::putUser);
    rows.guildOfChannel().forEach(directory::putChannel);
    Set<Membership> known = directory.memberships();
    int added = 0;
    int removed = 0;
    for (Membership membership : rows.memberships()) {
      if (!known.contains(membership) && !changedSince.contains(membership)) {
        apply(DirectoryChange.Kind.MEMBER_ADDED, membership);
        added++;
      }
    }
    Set<Membership> stale = new HashSet<>(known);
    stale.removeAll(rows.memberships());
    for (Membership membership : stale) {
      if (!changedSince.contains(membership)) {
        apply(DirectoryChange.Kind.MEMBER_REMOVED, membership);
        removed++;
      }
    }
    LOG.info(
        "directory read again from the database in {} ms: {} memberships added, {} removed",
        (System.nanoTime() - started) / 1_000_000,
        added,
        removed);
  }

  private void apply(DirectoryChange.Kind kind, Membership membership) {
    engine.directoryChanged(
        new DirectoryChange(0, kind, membership.userId(), membership.guildId(), null, 0));
  }
}
