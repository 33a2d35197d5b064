package io.rtfleet.node.guild;

import io.rtfleet.api.protocol.Intent;
import io.rtfleet.node.session.Dispatch;
import io.rtfleet.node.session.Session;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * A guild's live state. Confined to the guild's lane thread: nothing here is synchronized.
 *
 * <p>{@code seq} counts the guild's dispatched events; subscribers are the local sessions that
 * follow the guild, kept grouped by the executor that owns each session so that one event costs one
 * task per executor rather than one per session.
 */
public final class Guild {
  private final long id;
  private final String name;
  private final long ownerId;
  private final Map<Long, Channel> channels = new LinkedHashMap<>();
  private final Map<Long, Role> roles = new LinkedHashMap<>();
  private final Map<Long, Member> members = new LinkedHashMap<>();
  private final Set<Session> subscribers = new LinkedHashSet<>();
  private int presenceSubscribers;
  private Map<Executor, Session[]> subscribersByExecutor = Map.of();
  private boolean subscribersChanged;
  private long seq;
  private Map<Integer, Dispatch> createCache = Map.of();

  public Guild(long id, String name, long ownerId) {
    this.id = id;
    this.name = name;
    this.ownerId = ownerId;
  }

  public long id() {
    return id;
  }

  public String name() {
    return name;
  }

  public long ownerId() {
    return ownerId;
  }

  public long nextSeq() {
    return ++seq;
  }

  public long seq() {
    return seq;
  }

  public Collection<Channel> channels() {
    return channels.values();
  }

  public Channel channel(long channelId) {
    return channels.get(channelId);
  }

  public void putChannel(Channel channel) {
    createCache = Map.of();
    channels.put(channel.id(), channel);
  }

  public Collection<Role> roles() {
    return roles.values();
  }

  public void putRole(Role role) {
    createCache = Map.of();
    roles.put(role.id(), role);
  }

  public Collection<Member> members() {
    return members.values();
  }

  public Member member(long userId) {
    return members.get(userId);
  }

  public boolean isMember(long userId) {
    return members.containsKey(userId);
  }

  public void putMember(Member member) {
    createCache = Map.of();
    members.put(member.userId(), member);
  }

  public void removeMember(long userId) {
    createCache = Map.of();
    members.remove(userId);
  }

  /**
   * The GUILD_CREATE dispatch without presences, encoded once per large threshold until the guild
   * changes. Sessions share it, in their replay buffers too: an identify storm into a large guild
   * would otherwise encode, and keep, the same member list once per session.
   */
  public Dispatch cachedCreate(int largeThreshold, java.util.function.Supplier<Dispatch> encode) {
    Dispatch cached = createCache.get(largeThreshold);
    if (cached == null) {
      cached = encode.get();
      Map<Integer, Dispatch> updated = new HashMap<>(createCache);
      updated.put(largeThreshold, cached);
      createCache = updated;
    }
    return cached;
  }

  public int memberCount() {
    return members.size();
  }

  public boolean subscribe(Session session) {
    boolean added = subscribers.add(session);
    subscribersChanged |= added;
    if (added && Intent.has(session.intents(), Intent.GUILD_PRESENCES)) {
      presenceSubscribers++;
    }
    return added;
  }

  public boolean unsubscribe(Session session) {
    boolean removed = subscribers.remove(session);
    subscribersChanged |= removed;
    if (removed && Intent.has(session.intents(), Intent.GUILD_PRESENCES)) {
      presenceSubscribers--;
    }
    return removed;
  }

  /**
   * Whether any subscriber takes presence updates. Presences change with every identify and close,
   * so fanning them out to a large guild whose sessions all filter them would cost subscribers ×
   * identifies.
   */
  public boolean hasPresenceSubscribers() {
    return presenceSubscribers > 0;
  }

  public int subscriberCount() {
    return subscribers.size();
  }

  /** Subscribers grouped by owning executor; the arrays are never mutated once returned. */
  public Map<Executor, Session[]> subscribersByExecutor() {
    if (subscribersChanged) {
      Map<Executor, List<Session>> grouped = new HashMap<>();
      for (Session session : subscribers) {
        grouped.computeIfAbsent(session.executor(), executor -> new ArrayList<>()).add(session);
      }
      Map<Executor, Session[]> frozen = new HashMap<>();
      grouped.forEach(
          (executor, sessions) -> frozen.put(executor, sessions.toArray(Session[]::new)));
      subscribersByExecutor = frozen;
      subscribersChanged = false;
    }
    return subscribersByExecutor;
  }
}
