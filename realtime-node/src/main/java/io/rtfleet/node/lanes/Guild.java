package io.rtfleet.node.lanes;

import io.rtfleet.api.snowflake.Snowflake;
import io.rtfleet.node.fleet.PeerLink;
import io.rtfleet.node.model.Channel;
import io.rtfleet.node.model.Invite;
import io.rtfleet.node.model.Member;
import io.rtfleet.node.model.Message;
import io.rtfleet.node.model.Role;
import io.rtfleet.node.model.StoredGuild;
import io.rtfleet.node.session.Dispatch;
import io.rtfleet.node.session.Session;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A guild's live state. Confined to the guild's lane thread: nothing here is synchronized.
 *
 * <p>{@code seq} counts the guild's dispatched events; subscribers are the local sessions that
 * follow the guild, followers the peer nodes that have such sessions.
 */
public final class Guild {
  /**
   * Events kept per guild for followers that resume after a move. A follower is behind by the
   * events in flight to it when it moves, far fewer than this.
   */
  public static final int TAIL_EVENTS = 256;

  /** Events of the tail handed to a guild's next owner, the newest ones. */
  public static final int HANDED_TAIL_EVENTS = 16;

  private final long id;
  private final String name;
  private final long ownerId;
  private final Map<Long, Channel> channels = new LinkedHashMap<>();
  private final Map<Long, Role> roles = new LinkedHashMap<>();
  private final Map<Long, Member> members = new LinkedHashMap<>();
  private final Map<String, Invite> invites = new LinkedHashMap<>();
  private final Subscribers subscribers = new Subscribers();
  private final Set<PeerLink> followers = new LinkedHashSet<>();
  private final Set<PeerLink> presenceFollowers = new LinkedHashSet<>();
  private long seq;
  private final EventTail tail = new EventTail(TAIL_EVENTS);
  private Map<Integer, Dispatch> createCache = Map.of();
  private final NonceWindow nonces = new NonceWindow();
  private long stateVersion;

  public Guild(long id, String name, long ownerId) {
    this.id = id;
    this.name = name;
    this.ownerId = ownerId;
  }

  /** The live guild for what the database holds. */
  public static Guild from(StoredGuild stored) {
    Guild guild = new Guild(stored.id(), stored.name(), stored.ownerId());
    stored.roles().forEach(guild::putRole);
    stored.channels().forEach(guild::putChannel);
    stored.members().forEach(guild::putMember);
    stored.invites().forEach(guild::putInvite);
    stored.noncePosts().forEach(guild::rememberStoredNonce);
    return guild;
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

  /**
   * Continues the numbering of a guild handed off by its previous owner, with that owner's last
   * events, so that followers resume from the same sequence numbers here.
   */
  public void continueFrom(long lastSeq, List<EventTail.Entry> lastEvents) {
    seq = lastSeq;
    lastEvents.forEach(entry -> tail.append(entry.seq(), entry.dispatch()));
  }

  /** The guild's last events, for followers that resume. */
  public EventTail tail() {
    return tail;
  }

  public long seq() {
    return seq;
  }

  /**
   * Counts changes to the guild's channels, roles and members (not its events): a handoff reloads a
   * guild prepared in advance only when this moved since.
   */
  public long stateVersion() {
    return stateVersion;
  }

  private void changed() {
    createCache = Map.of();
    stateVersion++;
  }

  /** Recent posts sent with enforce_nonce. */
  public NonceWindow nonces() {
    return nonces;
  }

  /**
   * Keeps a post sent with enforce_nonce. It counts as a change of state: a handoff prepared before
   * it reloads the guild, so that the next owner knows the nonce too.
   */
  public void rememberNonce(
      Message message, CompletableFuture<Message> committed, long postedAtMillis) {
    nonces.remember(message.authorId(), message.nonce(), committed, postedAtMillis);
    stateVersion++;
  }

  /** A post sent with enforce_nonce, read back from the database. */
  public void rememberStoredNonce(Message message) {
    nonces.remember(
        message.authorId(),
        message.nonce(),
        CompletableFuture.completedFuture(message),
        Snowflake.timestamp(message.id()).toEpochMilli());
  }

  public Collection<Channel> channels() {
    return channels.values();
  }

  public Channel channel(long channelId) {
    return channels.get(channelId);
  }

  public void putChannel(Channel channel) {
    changed();
    channels.put(channel.id(), channel);
  }

  public Collection<Role> roles() {
    return roles.values();
  }

  public void putRole(Role role) {
    changed();
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
    changed();
    members.put(member.userId(), member);
  }

  public void removeMember(long userId) {
    changed();
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

  public Collection<Invite> invites() {
    return invites.values();
  }

  public Invite invite(String code) {
    return invites.get(code);
  }

  /** Not in GUILD_CREATE, but state a guild's next owner must load: a handoff reloads for it. */
  public void putInvite(Invite invite) {
    stateVersion++;
    invites.put(invite.code(), invite);
  }

  public void removeInvite(String code) {
    stateVersion++;
    invites.remove(code);
  }

  public int memberCount() {
    return members.size();
  }

  public boolean subscribe(Session session) {
    return subscribers.add(session);
  }

  public boolean unsubscribe(Session session) {
    return subscribers.remove(session);
  }

  public boolean hasPresenceSubscribers() {
    return subscribers.hasPresenceSubscribers();
  }

  public int subscriberCount() {
    return subscribers.size();
  }

  public Map<Executor, Session[]> subscribersByExecutor() {
    return subscribers.byExecutor();
  }

  /** Local sessions following the guild. */
  public List<Session> subscribers() {
    return subscribers.all();
  }

  /** Peer nodes with sessions following the guild: each gets one copy of every event. */
  public Set<PeerLink> followers() {
    return followers;
  }

  /**
   * The followers with a session that asked for presences: presence updates are events of the guild
   * only while someone wants them (each takes a sequence number and a place in the tail).
   */
  public Set<PeerLink> presenceFollowers() {
    return presenceFollowers;
  }
}
