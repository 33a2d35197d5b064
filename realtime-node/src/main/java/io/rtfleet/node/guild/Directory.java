package io.rtfleet.node.guild;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Node-wide indexes that threads other than a guild's lane read: users, which guild a channel
 * belongs to, which guilds a user is in, and who is online. Lanes write them after a commit.
 */
public final class Directory {
  private final Map<Long, User> users = new ConcurrentHashMap<>();
  private final Map<Long, Long> guildOfChannel = new ConcurrentHashMap<>();
  private final Map<Long, Set<Long>> guildsOfUser = new ConcurrentHashMap<>();
  private final Map<Long, String> statusOfUser = new ConcurrentHashMap<>();

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
    guildsOfUser.computeIfAbsent(userId, id -> ConcurrentHashMap.newKeySet()).add(guildId);
  }

  public void removeMembership(long userId, long guildId) {
    Set<Long> guilds = guildsOfUser.get(userId);
    if (guilds != null) {
      guilds.remove(guildId);
    }
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
