package io.rtfleet.node.guild;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rtfleet.api.protocol.Intent;
import io.rtfleet.api.protocol.Slots;
import io.rtfleet.api.snowflake.SnowflakeGenerator;
import io.rtfleet.node.admin.NodeMetrics;
import io.rtfleet.node.session.Dispatch;
import io.rtfleet.node.session.Session;
import io.rtfleet.node.session.SessionRegistry;
import io.rtfleet.node.store.GroupCommitter;
import io.rtfleet.node.store.GuildWrites;
import io.rtfleet.node.store.MessageReader;
import io.rtfleet.node.store.Write;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Applies every guild write in order and fans its event out to the sessions that follow it.
 *
 * <p>Each guild belongs to one lane, a single thread, chosen by its slot; all of a guild's reads
 * and writes run there, so guild state needs no locks and its events are totally ordered. A write
 * is checked against the committed state on the lane, handed to the {@link GroupCommitter}, and
 * only once it is durable applied to memory, given the guild's next sequence number, encoded once
 * and fanned out (one task per session executor) and answered. Commit callbacks return to the lane
 * in commit order, which is submission order, so the event order is the lane's order.
 */
public final class GuildEngine {
  private static final int MAX_MESSAGE_LENGTH = 2000;
  private static final int MAX_NAME_LENGTH = 100;

  private final Executor[] lanes;
  private final List<Map<Long, Guild>> guildsByLane;
  private final Directory directory;
  private final SessionRegistry sessions;
  private final GroupCommitter committer;
  private final MessageReader messages;
  private final SnowflakeGenerator ids;
  private final Clock clock;
  private final NodeMetrics metrics;
  private final LongSupplier nanoClock;

  public GuildEngine(
      Executor[] lanes,
      Directory directory,
      SessionRegistry sessions,
      GroupCommitter committer,
      MessageReader messages,
      SnowflakeGenerator ids,
      Clock clock,
      NodeMetrics metrics,
      LongSupplier nanoClock) {
    this.lanes = lanes.clone();
    this.guildsByLane = new ArrayList<>();
    for (int i = 0; i < lanes.length; i++) {
      guildsByLane.add(new HashMap<>());
    }
    this.directory = directory;
    this.sessions = sessions;
    this.committer = committer;
    this.messages = messages;
    this.ids = ids;
    this.clock = clock;
    this.metrics = metrics;
    this.nanoClock = nanoClock;
  }

  // ---- loading and lanes

  /** Takes ownership of loaded guilds; call before serving. */
  public CompletableFuture<Void> adopt(List<Guild> loaded) {
    List<CompletableFuture<Void>> adopted = new ArrayList<>();
    for (Guild guild : loaded) {
      adopted.add(
          onLane(
              guild.id(),
              guilds -> {
                guilds.put(guild.id(), guild);
                index(guild);
                return null;
              }));
    }
    return CompletableFuture.allOf(adopted.toArray(CompletableFuture[]::new));
  }

  private void index(Guild guild) {
    guild.channels().forEach(channel -> directory.putChannel(channel.id(), guild.id()));
    guild.members().forEach(member -> directory.addMembership(member.userId(), guild.id()));
  }

  private int laneOf(long guildId) {
    return Slots.of(guildId, lanes.length);
  }

  private <T> CompletableFuture<T> onLane(long guildId, Function<Map<Long, Guild>, T> task) {
    int lane = laneOf(guildId);
    return CompletableFuture.supplyAsync(() -> task.apply(guildsByLane.get(lane)), lanes[lane]);
  }

  /** Runs {@code task} on the guild's lane with the guild, failing with UNKNOWN_GUILD if absent. */
  private <T> CompletableFuture<T> withGuild(
      long guildId, Function<Guild, CompletableFuture<T>> task) {
    return onLane(
            guildId,
            guilds -> {
              Guild guild = guilds.get(guildId);
              if (guild == null) {
                throw new ApiException(ApiError.UNKNOWN_GUILD);
              }
              return task.apply(guild);
            })
        .thenCompose(Function.identity());
  }

  /**
   * Commits the writes in order, then runs {@code applied} with their update counts on the guild's
   * lane. The committer completes futures in submission order and {@code allOf} hands the callback
   * to the lane from the completing thread, so callbacks reach the lane in commit order.
   */
  private <T> CompletableFuture<T> commitThen(
      long guildId, List<Write> writes, Function<int[], T> applied) {
    List<CompletableFuture<Integer>> committed = new ArrayList<>(writes.size());
    writes.forEach(write -> committed.add(committer.submit(write)));
    return CompletableFuture.allOf(committed.toArray(CompletableFuture[]::new))
        .handleAsync(
            (done, failure) -> {
              if (failure != null) {
                throw new ApiException(ApiError.UNAVAILABLE);
              }
              return applied.apply(committed.stream().mapToInt(CompletableFuture::join).toArray());
            },
            lanes[laneOf(guildId)]);
  }

  // ---- fan-out

  private void fanOut(Guild guild, Dispatch dispatch) {
    guild.nextSeq();
    metrics.eventCreated(dispatch.type());
    long created = nanoClock.getAsLong();
    guild
        .subscribersByExecutor()
        .forEach(
            (executor, subscribers) ->
                executor.execute(
                    () -> {
                      Session.deliverAll(subscribers, dispatch);
                      metrics.delivered(subscribers.length);
                      metrics.fanoutSeconds((nanoClock.getAsLong() - created) / 1e9);
                    }));
  }

  private void subscribe(Guild guild, Session session) {
    if (!session.isLive() || !session.follows(guild.id()) || !guild.isMember(session.user().id())) {
      return;
    }
    if (guild.subscribe(session)) {
      Dispatch create;
      if (Intent.has(session.intents(), Intent.GUILD_PRESENCES)) {
        create = guildCreate(guild, session.largeThreshold(), true);
      } else {
        create =
            guild.cachedCreate(
                session.largeThreshold(),
                () -> guildCreate(guild, session.largeThreshold(), false));
      }
      session.executor().execute(() -> session.deliver(create));
    }
  }

  private Dispatch guildCreate(Guild guild, int largeThreshold, boolean presences) {
    ObjectNode json =
        DiscordJson.guildCreate(
            guild,
            directory::userOrPlaceholder,
            largeThreshold,
            presences ? directory::status : null);
    return Dispatch.always("GUILD_CREATE", DiscordJson.write(json));
  }

  // ---- gateway sessions

  /**
   * Subscribes a newly identified session to each guild of its user on its shard, each sending the
   * session its GUILD_CREATE; returns those guilds' ids for READY.
   */
  public List<Long> attach(Session session) {
    List<Long> followed = new ArrayList<>();
    for (long guildId : directory.guildsOf(session.user().id())) {
      if (session.follows(guildId)) {
        followed.add(guildId);
      }
    }
    followed.sort(null);
    return followed;
  }

  /** After READY is delivered: subscribe the session, each guild sending its GUILD_CREATE. */
  public void subscribeAll(Session session, List<Long> guildIds) {
    for (long guildId : guildIds) {
      onLane(
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

  /** The session is gone for good: leave every guild it followed. */
  public void detach(Session session) {
    for (long guildId : directory.guildsOf(session.user().id())) {
      onLane(
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

  /** Tells every guild of the user about a presence change (op 3, first identify, last close). */
  public void presenceChanged(long userId, String status) {
    for (long guildId : directory.guildsOf(userId)) {
      onLane(
          guildId,
          guilds -> {
            Guild guild = guilds.get(guildId);
            if (guild != null && guild.isMember(userId) && guild.hasPresenceSubscribers()) {
              ObjectNode presence =
                  DiscordJson.presence(userId, guildId, status == null ? "offline" : status);
              fanOut(
                  guild,
                  Dispatch.gated(
                      "PRESENCE_UPDATE", Intent.GUILD_PRESENCES, DiscordJson.write(presence)));
            }
            return null;
          });
    }
  }

  // ---- guilds

  public CompletableFuture<JsonNode> createGuild(long ownerId, String name) {
    String checkedName = checkName("name", name);
    Guild guild = new Guild(ids.next(), checkedName, ownerId);
    Role everyone = new Role(guild.id(), guild.id(), "@everyone", 0, Role.EVERYONE_PERMISSIONS, 0);
    Channel general = new Channel(ids.next(), guild.id(), "general", Channel.GUILD_TEXT, 0, null);
    Member owner = new Member(ownerId, now());
    List<Write> writes =
        List.of(
            GuildWrites.insertGuild(guild),
            GuildWrites.insertRole(everyone),
            GuildWrites.insertChannel(general),
            GuildWrites.insertMember(guild.id(), owner));
    return onLane(guild.id(), guilds -> guilds)
        .thenCompose(
            guilds ->
                commitThen(
                    guild.id(),
                    writes,
                    counts -> {
                      guild.putRole(everyone);
                      guild.putChannel(general);
                      guild.putMember(owner);
                      guilds.put(guild.id(), guild);
                      index(guild);
                      sessions.ofUser(ownerId).forEach(session -> subscribe(guild, session));
                      return DiscordJson.guild(guild);
                    }));
  }

  public CompletableFuture<JsonNode> getGuild(long userId, long guildId) {
    return withGuild(
        guildId,
        guild -> {
          requireMember(guild, userId);
          ObjectNode json = DiscordJson.guild(guild);
          json.put("approximate_member_count", guild.memberCount());
          return CompletableFuture.completedFuture(json);
        });
  }

  public CompletableFuture<JsonNode> getChannels(long userId, long guildId) {
    return withGuild(
        guildId,
        guild -> {
          requireMember(guild, userId);
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
      return failed(ApiException.invalidField("type", "Value must be one of {0, 2, 4}."));
    }
    if (topic != null && topic.length() > 1024) {
      return failed(ApiException.invalidField("topic", "Must be 1024 or fewer in length."));
    }
    return withGuild(
        guildId,
        guild -> {
          requireOwner(guild, userId);
          Channel channel =
              new Channel(ids.next(), guildId, checkedName, type, guild.channels().size(), topic);
          return commitThen(
              guildId,
              List.of(GuildWrites.insertChannel(channel)),
              counts -> {
                guild.putChannel(channel);
                directory.putChannel(channel.id(), guildId);
                ObjectNode json = DiscordJson.channel(channel);
                fanOut(
                    guild,
                    Dispatch.gated("CHANNEL_CREATE", Intent.GUILDS, DiscordJson.write(json)));
                return json;
              });
        });
  }

  public CompletableFuture<JsonNode> getChannel(long userId, long channelId) {
    return withChannel(
        userId,
        channelId,
        (guild, channel) -> CompletableFuture.completedFuture(DiscordJson.channel(channel)));
  }

  // ---- members

  /** Adds the member; completes with the member, or null when the user already was one. */
  public CompletableFuture<JsonNode> addMember(long requesterId, long guildId, long userId) {
    User user = directory.user(userId);
    if (user == null) {
      return failed(new ApiException(ApiError.UNKNOWN_USER));
    }
    return withGuild(
        guildId,
        guild -> {
          if (requesterId != userId) {
            requireOwner(guild, requesterId);
          }
          if (guild.isMember(userId)) {
            return CompletableFuture.completedFuture(null);
          }
          Member member = new Member(userId, now());
          return commitThen(
              guildId,
              List.of(GuildWrites.insertMember(guildId, member)),
              counts -> {
                if (counts[0] == 0 || guild.isMember(userId)) {
                  return null;
                }
                guild.putMember(member);
                directory.addMembership(userId, guildId);
                ObjectNode json = DiscordJson.member(member, user, guildId);
                fanOut(
                    guild,
                    Dispatch.gated(
                        "GUILD_MEMBER_ADD", Intent.GUILD_MEMBERS, DiscordJson.write(json)));
                sessions.ofUser(userId).forEach(session -> subscribe(guild, session));
                return json;
              });
        });
  }

  public CompletableFuture<JsonNode> removeMember(long requesterId, long guildId, long userId) {
    return withGuild(
        guildId,
        guild -> {
          if (requesterId != userId) {
            requireOwner(guild, requesterId);
          }
          if (!guild.isMember(userId)) {
            throw new ApiException(ApiError.UNKNOWN_MEMBER);
          }
          if (userId == guild.ownerId()) {
            throw new ApiException(ApiError.MISSING_PERMISSIONS);
          }
          return commitThen(
              guildId,
              List.of(GuildWrites.deleteMember(guildId, userId)),
              counts -> {
                guild.removeMember(userId);
                directory.removeMembership(userId, guildId);
                Dispatch left = Dispatch.always("GUILD_DELETE", "{\"id\":\"" + guildId + "\"}");
                for (Session session : sessions.ofUser(userId)) {
                  if (guild.unsubscribe(session)) {
                    session.executor().execute(() -> session.deliver(left));
                  }
                }
                ObjectNode removed = DiscordJson.MAPPER.createObjectNode();
                removed.put("guild_id", Long.toString(guildId));
                removed.set("user", DiscordJson.user(directory.userOrPlaceholder(userId)));
                fanOut(
                    guild,
                    Dispatch.gated(
                        "GUILD_MEMBER_REMOVE", Intent.GUILD_MEMBERS, DiscordJson.write(removed)));
                return null;
              });
        });
  }

  public CompletableFuture<JsonNode> getMember(long requesterId, long guildId, long userId) {
    return withGuild(
        guildId,
        guild -> {
          requireMember(guild, requesterId);
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
    return withGuild(
        guildId,
        guild -> {
          requireMember(guild, requesterId);
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

  // ---- messages

  public CompletableFuture<JsonNode> createMessage(long userId, long channelId, String content) {
    String checked = checkContent(content);
    return withChannel(
        userId,
        channelId,
        (guild, channel) -> {
          Message message = new Message(ids.next(), channelId, guild.id(), userId, checked, null);
          return commitThen(
              guild.id(),
              List.of(GuildWrites.insertMessage(message)),
              counts -> {
                User author = directory.userOrPlaceholder(userId);
                fanOut(guild, messageDispatch("MESSAGE_CREATE", message, author));
                return DiscordJson.message(message, author, true);
              });
        });
  }

  public CompletableFuture<JsonNode> editMessage(
      long userId, long channelId, long messageId, String content) {
    String checked = checkContent(content);
    return withChannel(userId, channelId, (guild, channel) -> messages.find(channelId, messageId))
        .thenCompose(
            found -> {
              Message message = found.orElseThrow(() -> new ApiException(ApiError.UNKNOWN_MESSAGE));
              if (message.authorId() != userId) {
                throw new ApiException(ApiError.CANNOT_EDIT_OTHERS_MESSAGE);
              }
              Instant editedAt = now();
              Message edited =
                  new Message(messageId, channelId, message.guildId(), userId, checked, editedAt);
              return withGuild(
                  message.guildId(),
                  guild ->
                      commitThen(
                          guild.id(),
                          List.of(GuildWrites.editMessage(messageId, channelId, checked, editedAt)),
                          counts -> {
                            if (counts[0] == 0) {
                              throw new ApiException(ApiError.UNKNOWN_MESSAGE);
                            }
                            User author = directory.userOrPlaceholder(userId);
                            fanOut(guild, messageDispatch("MESSAGE_UPDATE", edited, author));
                            return DiscordJson.message(edited, author, true);
                          }));
            });
  }

  public CompletableFuture<JsonNode> deleteMessage(long userId, long channelId, long messageId) {
    record Found(Message message, long guildOwnerId) {}
    return withChannel(
            userId,
            channelId,
            (guild, channel) ->
                messages
                    .find(channelId, messageId)
                    .thenApply(
                        found ->
                            new Found(
                                found.orElseThrow(() -> new ApiException(ApiError.UNKNOWN_MESSAGE)),
                                guild.ownerId())))
        .thenCompose(
            found -> {
              if (found.message().authorId() != userId && found.guildOwnerId() != userId) {
                throw new ApiException(ApiError.MISSING_PERMISSIONS);
              }
              return withGuild(
                  found.message().guildId(),
                  guild ->
                      commitThen(
                          guild.id(),
                          List.of(GuildWrites.deleteMessage(messageId, channelId)),
                          counts -> {
                            if (counts[0] == 0) {
                              throw new ApiException(ApiError.UNKNOWN_MESSAGE);
                            }
                            ObjectNode deleted = DiscordJson.MAPPER.createObjectNode();
                            deleted.put("id", Long.toString(messageId));
                            deleted.put("channel_id", Long.toString(channelId));
                            deleted.put("guild_id", Long.toString(guild.id()));
                            fanOut(
                                guild,
                                Dispatch.gated(
                                    "MESSAGE_DELETE",
                                    Intent.GUILD_MESSAGES,
                                    DiscordJson.write(deleted)));
                            return null;
                          }));
            });
  }

  public CompletableFuture<JsonNode> getMessage(long userId, long channelId, long messageId) {
    return withChannel(userId, channelId, (guild, channel) -> messages.find(channelId, messageId))
        .thenApply(
            found -> {
              Message message = found.orElseThrow(() -> new ApiException(ApiError.UNKNOWN_MESSAGE));
              return DiscordJson.message(
                  message, directory.userOrPlaceholder(message.authorId()), true);
            });
  }

  public CompletableFuture<JsonNode> listMessages(
      long userId, long channelId, int limit, long before, long after) {
    return withChannel(
            userId, channelId, (guild, channel) -> messages.list(channelId, limit, before, after))
        .thenApply(
            found -> {
              ArrayNode json = DiscordJson.MAPPER.createArrayNode();
              found.forEach(
                  message ->
                      json.add(
                          DiscordJson.message(
                              message, directory.userOrPlaceholder(message.authorId()), true)));
              return json;
            });
  }

  public CompletableFuture<JsonNode> typing(long userId, long channelId) {
    return withChannel(
        userId,
        channelId,
        (guild, channel) -> {
          ObjectNode json = DiscordJson.MAPPER.createObjectNode();
          json.put("channel_id", Long.toString(channelId));
          json.put("guild_id", Long.toString(guild.id()));
          json.put("user_id", Long.toString(userId));
          json.put("timestamp", clock.instant().getEpochSecond());
          json.set(
              "member",
              DiscordJson.member(guild.member(userId), directory.userOrPlaceholder(userId), 0));
          fanOut(
              guild,
              Dispatch.gated("TYPING_START", Intent.GUILD_MESSAGE_TYPING, DiscordJson.write(json)));
          return CompletableFuture.completedFuture(null);
        });
  }

  // ---- state for the admin API

  /** Per-guild load: members, local subscribers and the events dispatched so far. */
  public CompletableFuture<List<ObjectNode>> guildLoads() {
    List<CompletableFuture<List<ObjectNode>>> perLane = new ArrayList<>();
    for (int lane = 0; lane < lanes.length; lane++) {
      Map<Long, Guild> guilds = guildsByLane.get(lane);
      perLane.add(
          CompletableFuture.supplyAsync(
              () -> {
                List<ObjectNode> loads = new ArrayList<>();
                for (Guild guild : guilds.values()) {
                  ObjectNode load = DiscordJson.MAPPER.createObjectNode();
                  load.put("id", Long.toString(guild.id()));
                  load.put("members", guild.memberCount());
                  load.put("subscribers", guild.subscriberCount());
                  load.put("events", guild.seq());
                  loads.add(load);
                }
                return loads;
              },
              lanes[lane]));
    }
    return CompletableFuture.allOf(perLane.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              List<ObjectNode> all = new ArrayList<>();
              perLane.forEach(lane -> all.addAll(lane.join()));
              return all;
            });
  }

  // ---- checks

  private interface ChannelTask<T> {
    CompletableFuture<T> run(Guild guild, Channel channel);
  }

  private <T> CompletableFuture<T> withChannel(long userId, long channelId, ChannelTask<T> task) {
    long guildId = directory.guildOfChannel(channelId);
    if (guildId == 0) {
      return failed(new ApiException(ApiError.UNKNOWN_CHANNEL));
    }
    return withGuild(
        guildId,
        guild -> {
          Channel channel = guild.channel(channelId);
          if (channel == null) {
            throw new ApiException(ApiError.UNKNOWN_CHANNEL);
          }
          requireMember(guild, userId);
          return task.run(guild, channel);
        });
  }

  private static void requireMember(Guild guild, long userId) {
    if (!guild.isMember(userId)) {
      throw new ApiException(ApiError.MISSING_ACCESS);
    }
  }

  private static void requireOwner(Guild guild, long userId) {
    requireMember(guild, userId);
    if (guild.ownerId() != userId) {
      throw new ApiException(ApiError.MISSING_PERMISSIONS);
    }
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

  private static String checkContent(String content) {
    if (content == null || content.isBlank()) {
      throw new ApiException(ApiError.EMPTY_MESSAGE);
    }
    if (content.length() > MAX_MESSAGE_LENGTH) {
      throw ApiException.invalidField("content", "Must be 2000 or fewer in length.");
    }
    return content;
  }

  private static Dispatch messageDispatch(String type, Message message, User author) {
    return Dispatch.message(
        type,
        DiscordJson.write(DiscordJson.message(message, author, true)),
        DiscordJson.write(DiscordJson.message(message, author, false)),
        author.id());
  }

  private Instant now() {
    return clock.instant();
  }

  private static <T> CompletableFuture<T> failed(RuntimeException error) {
    return CompletableFuture.failedFuture(error);
  }

  /** Unwraps the {@link ApiException} of a failed future, if that is what failed it. */
  public static Throwable cause(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
