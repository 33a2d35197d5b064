package io.rtfleet.node.guild;

import io.rtfleet.node.fleet.PeerMessage.IndexChange;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the fleet-wide indexes (users, channels, memberships) again from the database, for a node
 * that missed changes while a peer could not reach it. The database holds every committed change,
 * so after a resync this node knows what it would know had it just started.
 *
 * <p>Users and channels are only ever added, and are put again. Memberships are compared: one the
 * database has and this node does not is added, one this node has and the database does not is
 * removed, each as if its index change had arrived (sessions of the user join or leave the guild).
 * A membership that changed while the database was being read is left as it is now: it is newer
 * than the snapshot.
 */
public final class IndexResync {
  private static final Logger LOG = LoggerFactory.getLogger(IndexResync.class);

  /** What the database says. */
  public record Indexes(
      List<User> users, Map<Long, Long> guildOfChannel, Set<Directory.Membership> memberships) {}

  private final Directory directory;
  private final GuildEngine engine;
  private final Supplier<Indexes> load;
  private final Executor database;
  private CompletableFuture<Void> running = CompletableFuture.completedFuture(null);

  public IndexResync(
      Directory directory, GuildEngine engine, Supplier<Indexes> load, Executor database) {
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
    Indexes indexes;
    Set<Directory.Membership> changedSince;
    try {
      indexes = load.get();
    } finally {
      changedSince = directory.endResync();
    }
    indexes.users().forEach(directory::putUser);
    indexes.guildOfChannel().forEach(directory::putChannel);
    Set<Directory.Membership> known = directory.memberships();
    int added = 0;
    int removed = 0;
    for (Directory.Membership membership : indexes.memberships()) {
      if (!known.contains(membership) && !changedSince.contains(membership)) {
        apply(IndexChange.Kind.MEMBER_ADDED, membership);
        added++;
      }
    }
    Set<Directory.Membership> stale = new HashSet<>(known);
    stale.removeAll(indexes.memberships());
    for (Directory.Membership membership : stale) {
      if (!changedSince.contains(membership)) {
        apply(IndexChange.Kind.MEMBER_REMOVED, membership);
        removed++;
      }
    }
    LOG.info(
        "indexes read again from the database in {} ms: {} memberships added, {} removed",
        (System.nanoTime() - started) / 1_000_000,
        added,
        removed);
  }

  private void apply(IndexChange.Kind kind, Directory.Membership membership) {
    engine.indexChanged(
        new IndexChange(0, kind, membership.userId(), membership.guildId(), null, 0));
  }
}
