package io.rtfleet.node.lanes;

import io.rtfleet.node.model.Membership;
import io.rtfleet.node.model.User;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Node-wide directory that threads other than a guild's lane read: users, which guild a channel
 * belongs to, which guilds a user is in, and who is online. Lanes write them after a commit.
 */
public final class Directory {
  private final Map<Long, User> users = new ConcurrentHashMap<>();
  private final Map<Long, Long> guildOfChannel = new ConcurrentHashMap<>();
  private final Map<Long, Set<Long>> guildsOfUser = new ConcurrentHashMap<>();
  private final Map<Long, String> statusOfUser = new ConcurrentHashMap<>();

  /** Memberships changed while a resync reads the database; null when none is running. */
  private volatile Set<Membership> touched;

  public void putUser(User user) {
    users.put(user.id(), user);
  }

  public User user(long userId) {
    return users.get(userId);
  }

  /** The user, or a placeholder for one whose account is unknown to this node. */
  public User userOrPlaceholder(long userId) {
    User user = users.get(userId);
    return user != null ? user : new User(userId, "unknown-" + userId, false, false);
  }

  public void putChannel(long channelId, long guildId) {
    guildOfChannel.put(channelId, guildId);
  }

  /** The channel's guild, or 0 when the channel is unknown. */
  public long guildOfChannel(long channelId) {
    return guildOfChannel.getOrDefault(channelId, 0L);
  }

  public void addMembership(long userId, long guildId) {
    touch(userId, guildId);
    guildsOfUser.computeIfAbsent(userId, id -> ConcurrentHashMap.newKeySet()).add(guildId);
  }

  public void removeMembership(long userId, long guildId) {
    touch(userId, guildId);
    Set<Long> guilds = guildsOfUser.get(userId);
    if (guilds != null) {
      guilds.remove(guildId);
    }
  }

  private void touch(long userId, long guildId) {
    Set<Membership> changing = touched;
    if (changing != null) {
      changing.add(new Membership(userId, guildId));
    }
  }

  /**
   * Starts noting which memberships change from now on: a resync about to read the database must
   * not undo, with its older snapshot, what changed after it read.
   */
  public void beginResync() {
    touched = ConcurrentHashMap.newKeySet();
  }

  /** The memberships changed since {@link #beginResync}; stops noting them. */
  public Set<Membership> endResync() {
    Set<Membership> changed = touched;
    touched = null;
    return changed == null ? Set.of() : changed;
  }

  /** Every membership this node knows of, as a copy. */
  public Set<Membership> memberships() {
    Set<Membership> all = new java.util.HashSet<>();
    guildsOfUser.forEach(
        (user, guilds) -> guilds.forEach(guild -> all.add(new Membership(user, guild))));
    return all;
  }

  public Set<Long> guildsOf(long userId) {
    return guildsOfUser.getOrDefault(userId, Set.of());
  }

  /** Returns the previous status, null when the user was offline. */
  public String setStatus(long userId, String status) {
    return status == null ? statusOfUser.remove(userId) : statusOfUser.put(userId, status);
  }

  /** The user's status (online, idle, dnd), or null when offline or invisible. */
  public String status(long userId) {
    String status = statusOfUser.get(userId);
    return "invisible".equals(status) ? null : status;
  }

  public int userCount() {
    return users.size();
  }
}
