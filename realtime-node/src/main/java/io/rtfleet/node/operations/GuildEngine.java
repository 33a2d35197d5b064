package io.rtfleet.node.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rtfleet.api.protocol.Intent;
import io.rtfleet.api.snowflake.SnowflakeGenerator;
import io.rtfleet.node.discord.ApiError;
import io.rtfleet.node.discord.ApiException;
import io.rtfleet.node.discord.DiscordJson;
import io.rtfleet.node.fleet.DirectoryBroadcaster;
import io.rtfleet.node.fleet.Fleet;
import io.rtfleet.node.fleet.PeerLink;
import io.rtfleet.node.fleet.PeerMessage;
import io.rtfleet.node.following.RemoteGuilds;
import io.rtfleet.node.lanes.Directory;
import io.rtfleet.node.lanes.EventTail;
import io.rtfleet.node.lanes.Guild;
import io.rtfleet.node.lanes.GuildLanes;
import io.rtfleet.node.model.Channel;
import io.rtfleet.node.model.Member;
import io.rtfleet.node.model.Role;
import io.rtfleet.node.model.User;
import io.rtfleet.node.session.Dispatch;
import io.rtfleet.node.session.Session;
import io.rtfleet.node.session.SessionRegistry;
import io.rtfleet.node.store.GuildWrites;
import io.rtfleet.node.store.Write;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Guild, channel and member operations of the REST API, and which guilds a gateway session follows:
 * subscriptions, GUILD_CREATE and presence fan-out. Every write goes through the guild's lane
 * ({@link GuildLanes}).
 */
public final class GuildEngine {
  private static final int MAX_NAME_LENGTH = 100;

  private final GuildLanes lanes;
  private final Directory directory;
  private final SessionRegistry sessions;
  private final SnowflakeGenerator ids;
  private final Clock clock;
  private final Fleet fleet;
  private final RemoteGuilds remote;
  private final DirectoryBroadcaster broadcast;

  public GuildEngine(
      GuildLanes lanes,
      Directory directory,
      SessionRegistry sessions,
      SnowflakeGenerator ids,
      Clock clock,
      Fleet fleet,
      RemoteGuilds remote,
      DirectoryBroadcaster broadcast) {
    this.lanes = lanes;
    this.directory = directory;
    this.sessions = sessions;
    this.ids = ids;
    this.clock = clock;
    this.fleet = fleet;
    this.remote = remote;
    this.broadcast = broadcast;
    remote.resumeLocallyWith(
        this::resumeLocally, (session, guildId) -> subscribeAll(session, List.of(guildId)));
  }

  private void subscribe(Guild guild, Session session) {
    if (!session.isLive() || !session.follows(guild.id()) || !guild.isMember(session.user().id())) {
      return;
    }
    if (guild.subscribe(session)) {
      Dispatch create =
          guildCreateFor(
                  guild,
                  session.largeThreshold(),
                  Intent.has(session.intents(), Intent.GUILD_PRESENCES))
              .sequenced(guild.id(), guild.seq());
      session.executor().execute(() -> session.deliver(create));
    }
  }

  /** The GUILD_CREATE for a session with these settings: shared unless it carries presences. */
  private Dispatch guildCreateFor(Guild guild, int largeThreshold, boolean presences) {
    if (presences) {
      return guildCreate(guild, largeThreshold, true);
    }
    return guild.cachedCreate(largeThreshold, () -> guildCreate(guild, largeThreshold, false));
  }

  /**
   * A peer asks for a guild this node owns to be streamed to it, with the GUILD_CREATE of one of
   * its sessions. Both are sent from the guild's lane, so the peer gets the GUILD_CREATE exactly
   * where its stream of the guild's events starts. A guild this node does not own by its table, or
   * a peer with a newer table than this node's, gets no GUILD_CREATE.
   */
  public void followedBy(PeerLink link, PeerMessage.Follow follow) {
    lanes.onLane(
        follow.guildId(),
        guilds -> {
          Guild guild = guilds.get(follow.guildId());
          List<EventTail.Entry> missed =
              guild == null || follow.fromSeq() == 0
                  ? List.of()
                  : guild.tail().from(follow.fromSeq(), guild.seq());
          if (guild == null || missed == null) {
            link.send(
                new PeerMessage.Followed(follow.id(), follow.guildId(), false, 0, null, List.of()));
            return null;
          }
          guild.followers().add(link);
          if (follow.presences()) {
            guild.presenceFollowers().add(link);
          }
          PeerMessage.EncodedDispatch create =
              follow.fromSeq() == 0
                  ? PeerMessage.EncodedDispatch.of(
                      guildCreateFor(guild, follow.largeThreshold(), follow.presences()))
                  : null;
          link.send(
              new PeerMessage.Followed(
                  follow.id(), guild.id(), true, guild.seq(), create, sequenced(missed)));
          return null;
        });
  }

  public static List<PeerMessage.SequencedDispatch> sequenced(List<EventTail.Entry> entries) {
    List<PeerMessage.SequencedDispatch> encoded = new ArrayList<>(entries.size());
    for (EventTail.Entry entry : entries) {
      encoded.add(
          new PeerMessage.SequencedDispatch(
              entry.seq(), PeerMessage.EncodedDispatch.of(entry.dispatch())));
    }
    return encoded;
  }

  /**
   * A session that already has the guild follows it here now (the guild moved to this node):
   * subscribes it and delivers the events after {@code fromSeq - 1}, without a new GUILD_CREATE.
   */
  public void resumeLocally(Session session, long guildId, long fromSeq) {
    lanes.onLane(
        guildId,
        guilds -> {
          Guild guild = guilds.get(guildId);
          if (guild == null || !session.isLive()) {
            return null;
          }
          List<EventTail.Entry> missed = guild.tail().from(fromSeq, guild.seq());
          if (missed == null) {
            session.executor().execute(session::restart);
            return null;
          }
          if (guild.subscribe(session) && !missed.isEmpty()) {
            session.executor().execute(() -> missed.forEach(e -> session.deliver(e.dispatch())));
          }
          return null;
        });
  }

  /**
   * This node gave the guilds up (their slots moved): its local followers and the peers that follow
   * them through it go on from the new owner, from the next event.
   */
  public void released(List<Guild> guilds) {
    for (Guild guild : guilds) {
      String owner = fleet.ownerOf(guild.id());
      PeerMessage.Moved moved = new PeerMessage.Moved(guild.id(), owner);
      guild.followers().forEach(link -> link.send(moved));
      for (Session session : guild.subscribers()) {
        remote.resume(session, guild.id(), owner, guild.seq() + 1);
      }
    }
  }

  /** The peer has no session following the guild any more. */
  public void unfollowedBy(PeerLink link, long guildId) {
    lanes.onLane(
        guildId,
        guilds -> {
          Guild guild = guilds.get(guildId);
          if (guild != null) {
            guild.followers().remove(link);
            guild.presenceFollowers().remove(link);
          }
          return null;
        });
  }

  /** Applies a change to the fleet-wide directory made by the node that owns it. */
  public void directoryChanged(PeerMessage.DirectoryChange change) {
    switch (change.kind()) {
      case USER ->
          directory.putUser(
              new User(
                  change.first(),
                  change.name(),
                  (change.flags() & DirectoryBroadcaster.FLAG_BOT) != 0,
                  (change.flags() & DirectoryBroadcaster.FLAG_PRIVILEGED_INTENTS) != 0));
      case CHANNEL_CREATED -> directory.putChannel(change.first(), change.second());
      case PRESENCE -> {
        // Kept for the GUILD_CREATEs this node sends, and shown in the guilds it owns.
        directory.setStatus(change.first(), change.name());
        fanOutPresence(change.first(), change.name());
      }
      case MEMBER_ADDED -> {
        directory.addMembership(change.first(), change.second());
        for (Session session : sessions.ofUser(change.first())) {
          if (session.follows(change.second())) {
            subscribeAll(session, List.of(change.second()));
          }
        }
      }
      case MEMBER_REMOVED -> {
        directory.removeMembership(change.first(), change.second());
        Dispatch left = guildDelete(change.second());
        for (Session session : sessions.ofUser(change.first())) {
          remote.unsubscribe(session, change.second(), left);
        }
      }
    }
  }

  private static Dispatch guildDelete(long guildId) {
    return Dispatch.always("GUILD_DELETE", "{\"id\":\"" + guildId + "\"}");
  }

  private Dispatch guildCreate(Guild guild, int largeThreshold, boolean presences) {
    ObjectNode json =
        GuildPayloads.guildCreate(
            guild,
            directory::userOrPlaceholder,
            largeThreshold,
            presences ? directory::status : null);
    return Dispatch.always("GUILD_CREATE", DiscordJson.write(json));
  }

  /**
   * Subscribes a newly identified session to each guild of its user on its shard, each sending the
   * session its GUILD_CREATE; returns those guilds' ids for READY.
   */
  public List<Long> guildsFollowedBy(Session session) {
    List<Long> followed = new ArrayList<>();
    for (long guildId : directory.guildsOf(session.user().id())) {
      if (session.follows(guildId)) {
        followed.add(guildId);
      }
    }
    followed.sort(null);
    return followed;
  }

  /**
   * After READY is delivered: subscribe the session, each guild sending its GUILD_CREATE; guilds
   * owned by other nodes are followed through their owners.
   */
  public void subscribeAll(Session session, List<Long> guildIds) {
    for (long guildId : guildIds) {
      if (!fleet.owns(guildId)) {
        remote.follow(session, guildId);
        continue;
      }
      lanes.onLane(
          guildId,
          guilds -> {
            Guild guild = guilds.get(guildId);
            if (guild != null) {
              subscribe(guild, session);
            }
            return null;
          });
    }
  }

  /**
   * A session transferred from another node follows its guilds here from the event after the last
   * one it got in each ({@code cursors}: guild to event); a guild it had not got yet it follows
   * anew, with a GUILD_CREATE.
   */
  public void followFrom(Session session, Map<Long, Long> cursors) {
    for (long guildId : guildsFollowedBy(session)) {
      Long cursor = cursors.get(guildId);
      if (cursor == null) {
        subscribeAll(session, List.of(guildId));
      } else if (fleet.owns(guildId)) {
        resumeLocally(session, guildId, cursor + 1);
      } else {
        remote.resume(session, guildId, fleet.ownerOf(guildId), cursor + 1);
      }
    }
  }

  /** The session is gone for good: leave every guild it followed. */
  public void unsubscribeAll(Session session) {
    for (long guildId : directory.guildsOf(session.user().id())) {
      remote.unsubscribe(session, guildId, null);
      lanes.onLane(
          guildId,
          guilds -> {
            Guild guild = guilds.get(guildId);
            if (guild != null) {
              guild.unsubscribe(session);
            }
            return null;
          });
    }
  }

  /**
   * Tells every guild of the user about a presence change made here (op 3, first identify, last
   * close): those this node owns at once, the others through their owners.
   */
  public void presenceChanged(long userId, String status) {
    fanOutPresence(userId, status);
    broadcast.presence(userId, status);
  }

  /** The guilds this node owns show the user's status; null when offline. */
  private void fanOutPresence(long userId, String status) {
    for (long guildId : directory.guildsOf(userId)) {
      lanes.onLane(
          guildId,
          guilds -> {
            Guild guild = guilds.get(guildId);
            // A guild being handed off takes no new events; a presence is not worth a pause.
            // Nodes following the guild for a session that asked for presences pass it on.
            if (guild != null
                && guild.isMember(userId)
                && (guild.hasPresenceSubscribers() || !guild.presenceFollowers().isEmpty())
                && !lanes.isHeld(guildId)) {
              ObjectNode presence =
                  DiscordJson.presence(userId, guildId, status == null ? "offline" : status);
              lanes.fanOut(
                  guild,
                  Dispatch.gated(
                      "PRESENCE_UPDATE", Intent.GUILD_PRESENCES, DiscordJson.write(presence)));
            }
            return null;
          });
    }
  }

  /** A new guild id, made here so that a request can be sent on to the id's owner. */
  public long newGuildId() {
    return ids.next();
  }

  public CompletableFuture<JsonNode> createGuild(long ownerId, String name, long guildId) {
    String checkedName = checkName("name", name);
    Guild guild = new Guild(guildId, checkedName, ownerId);
    Role everyone = new Role(guild.id(), guild.id(), "@everyone", 0, Role.EVERYONE_PERMISSIONS, 0);
    Channel general = new Channel(ids.next(), guild.id(), "general", Channel.GUILD_TEXT, 0, null);
    Member owner = new Member(ownerId, now());
    List<Write> writes =
        List.of(
            GuildWrites.insertGuild(guild.id(), guild.name(), guild.ownerId()),
            GuildWrites.insertRole(everyone),
            GuildWrites.insertChannel(general),
            GuildWrites.insertMember(guild.id(), owner));
    return lanes
        .onLane(guild.id(), guilds -> guilds)
        .thenCompose(
            guilds ->
                lanes.commitThen(
                    guild.id(),
                    writes,
                    counts -> {
                      guild.putRole(everyone);
                      guild.putChannel(general);
                      guild.putMember(owner);
                      guilds.put(guild.id(), guild);
                      lanes.addToDirectory(guild);
                      sessions.ofUser(ownerId).forEach(session -> subscribe(guild, session));
                      return GuildPayloads.guild(guild);
                    }))
        .thenCompose(
            json ->
                broadcast
                    .channelCreated(general.id(), guild.id())
                    .thenCompose(done -> broadcast.memberAdded(ownerId, guild.id()))
                    .thenApply(done -> json));
  }

  public CompletableFuture<JsonNode> getGuild(long userId, long guildId) {
    return lanes.withGuild(
        guildId,
        guild -> {
          GuildLanes.requireMember(guild, userId);
          ObjectNode json = GuildPayloads.guild(guild);
          json.put("approximate_member_count", guild.memberCount());
          return CompletableFuture.completedFuture(json);
        });
  }

  public CompletableFuture<JsonNode> getChannels(long userId, long guildId) {
    return lanes.withGuild(
        guildId,
        guild -> {
          GuildLanes.requireMember(guild, userId);
          ArrayNode channels = DiscordJson.MAPPER.createArrayNode();
          guild.channels().forEach(channel -> channels.add(DiscordJson.channel(channel)));
          return CompletableFuture.completedFuture(channels);
        });
  }

  public CompletableFuture<JsonNode> createChannel(
      long userId, long guildId, String name, int type, String topic) {
    String checkedName = checkName("name", name);
    if (type != Channel.GUILD_TEXT
        && type != Channel.GUILD_VOICE
        && type != Channel.GUILD_CATEGORY) {
      return CompletableFuture.failedFuture(
          ApiException.invalidField("type", "Value must be one of {0, 2, 4}."));
    }
    if (topic != null && topic.length() > 1024) {
      return CompletableFuture.failedFuture(
          ApiException.invalidField("topic", "Must be 1024 or fewer in length."));
    }
    return lanes.withGuild(
        guildId,
        guild -> {
          GuildLanes.requireOwner(guild, userId);
          Channel channel =
              new Channel(ids.next(), guildId, checkedName, type, guild.channels().size(), topic);
          return lanes
              .commitThen(
                  guildId,
                  List.of(GuildWrites.insertChannel(channel)),
                  counts -> {
                    guild.putChannel(channel);
                    directory.putChannel(channel.id(), guildId);
                    ObjectNode json = DiscordJson.channel(channel);
                    lanes.fanOut(
                        guild,
                        Dispatch.gated("CHANNEL_CREATE", Intent.GUILDS, DiscordJson.write(json)));
                    return json;
                  })
              .thenCompose(
                  json -> broadcast.channelCreated(channel.id(), guildId).thenApply(done -> json));
        });
  }

  public CompletableFuture<JsonNode> getChannel(long userId, long channelId) {
    return lanes.withChannel(
        userId,
        channelId,
        (guild, channel) -> CompletableFuture.completedFuture(DiscordJson.channel(channel)));
  }

  /**
   * Adds a member on someone else's say-so: the guild's owner, or a bot that is a member (the owner
   * authorised it by adding it), as Discord's {@code PUT /guilds/{id}/members/{user}} is for an
   * application a user authorised. Nobody adds themselves: users join through invites. Completes
   * with the member, or null when the user already was one.
   */
  public CompletableFuture<JsonNode> addMember(long requesterId, long guildId, long userId) {
    User user = directory.user(userId);
    if (user == null) {
      return CompletableFuture.failedFuture(new ApiException(ApiError.UNKNOWN_USER));
    }
    User requester = directory.user(requesterId);
    return lanes.withGuild(
        guildId,
        guild -> {
          boolean authorisedBot =
              requester != null && requester.bot() && guild.isMember(requesterId);
          if (guild.ownerId() != requesterId && !authorisedBot) {
            GuildLanes.requireMember(guild, requesterId);
            throw new ApiException(ApiError.MISSING_PERMISSIONS);
          }
          return join(guild, user, List.of(), () -> {});
        });
  }

  /**
   * On the guild's lane: makes the user a member, committing {@code alsoWrite} in the same group
   * and running {@code alsoApply} once committed (an invite's use). Completes with the member, or
   * null when the user already was one (then nothing is written).
   */
  public CompletableFuture<JsonNode> join(
      Guild guild, User user, List<Write> alsoWrite, Runnable alsoApply) {
    long guildId = guild.id();
    long userId = user.id();
    if (guild.isMember(userId)) {
      return CompletableFuture.completedFuture(null);
    }
    Member member = new Member(userId, now());
    List<Write> writes = new ArrayList<>();
    writes.add(GuildWrites.insertMember(guildId, member));
    writes.addAll(alsoWrite);
    return lanes
        .commitThen(
            guildId,
            writes,
            counts -> {
              if (counts[0] == 0 || guild.isMember(userId)) {
                return null;
              }
              alsoApply.run();
              guild.putMember(member);
              directory.addMembership(userId, guildId);
              ObjectNode json = DiscordJson.member(member, user, guildId);
              lanes.fanOut(
                  guild,
                  Dispatch.gated(
                      "GUILD_MEMBER_ADD", Intent.GUILD_MEMBERS, DiscordJson.write(json)));
              sessions.ofUser(userId).forEach(session -> subscribe(guild, session));
              return json;
            })
        .thenCompose(
            json ->
                json == null
                    ? CompletableFuture.completedFuture(null)
                    : broadcast.memberAdded(userId, guildId).thenApply(done -> json));
  }

  public CompletableFuture<JsonNode> removeMember(long requesterId, long guildId, long userId) {
    return lanes.withGuild(
        guildId,
        guild -> {
          if (requesterId != userId) {
            GuildLanes.requireOwner(guild, requesterId);
          }
          if (!guild.isMember(userId)) {
            throw new ApiException(ApiError.UNKNOWN_MEMBER);
          }
          if (userId == guild.ownerId()) {
            throw new ApiException(ApiError.MISSING_PERMISSIONS);
          }
          return lanes
              .commitThen(
                  guildId,
                  List.of(GuildWrites.deleteMember(guildId, userId)),
                  counts -> {
                    guild.removeMember(userId);
                    directory.removeMembership(userId, guildId);
                    Dispatch left = guildDelete(guildId);
                    for (Session session : sessions.ofUser(userId)) {
                      if (guild.unsubscribe(session)) {
                        session.executor().execute(() -> session.deliver(left));
                      }
                    }
                    ObjectNode removed = DiscordJson.MAPPER.createObjectNode();
                    removed.put("guild_id", Long.toString(guildId));
                    removed.set("user", DiscordJson.user(directory.userOrPlaceholder(userId)));
                    lanes.fanOut(
                        guild,
                        Dispatch.gated(
                            "GUILD_MEMBER_REMOVE",
                            Intent.GUILD_MEMBERS,
                            DiscordJson.write(removed)));
                    return null;
                  })
              .thenCompose(
                  done -> broadcast.memberRemoved(userId, guildId).thenApply(again -> null));
        });
  }

  public CompletableFuture<JsonNode> getMember(long requesterId, long guildId, long userId) {
    return lanes.withGuild(
        guildId,
        guild -> {
          GuildLanes.requireMember(guild, requesterId);
          Member member = guild.member(userId);
          if (member == null) {
            throw new ApiException(ApiError.UNKNOWN_MEMBER);
          }
          return CompletableFuture.completedFuture(
              DiscordJson.member(member, directory.userOrPlaceholder(userId), 0));
        });
  }

  /**
   * Members ordered by user id after {@code after}, at most {@code limit}, as Discord lists them.
   */
  public CompletableFuture<JsonNode> listMembers(
      long requesterId, long guildId, int limit, long after) {
    return lanes.withGuild(
        guildId,
        guild -> {
          GuildLanes.requireMember(guild, requesterId);
          ArrayNode json = DiscordJson.MAPPER.createArrayNode();
          guild.members().stream()
              .filter(member -> member.userId() > after)
              .sorted((a, b) -> Long.compare(a.userId(), b.userId()))
              .limit(limit)
              .forEach(
                  member ->
                      json.add(
                          DiscordJson.member(
                              member, directory.userOrPlaceholder(member.userId()), 0)));
          return CompletableFuture.completedFuture(json);
        });
  }

  private static String checkName(String field, String name) {
    if (name == null || name.isBlank()) {
      throw ApiException.invalidField(field, "This field is required");
    }
    if (name.length() > MAX_NAME_LENGTH) {
      throw ApiException.invalidField(field, "Must be between 1 and 100 in length.");
    }
    return name.strip();
  }

  private Instant now() {
    return clock.instant();
  }
}
