package io.rtfleet.node.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rtfleet.node.discord.ApiError;
import io.rtfleet.node.discord.ApiException;
import io.rtfleet.node.discord.DiscordJson;
import io.rtfleet.node.lanes.Directory;
import io.rtfleet.node.lanes.Guild;
import io.rtfleet.node.lanes.GuildLanes;
import io.rtfleet.node.model.Channel;
import io.rtfleet.node.model.Invite;
import io.rtfleet.node.model.InviteCodes;
import io.rtfleet.node.model.User;
import io.rtfleet.node.store.GuildWrites;
import io.rtfleet.node.store.Write;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Guild invites, Discord's way in: a member makes one for a channel (limited in age and uses),
 * anyone with its code may look at it, a user accepts it to join, and the guild's owner or the
 * invite's maker deletes it. Every write goes through the guild's lane; an expired or used-up
 * invite is Unknown Invite.
 */
public final class Invites {
  /** Discord's limits: a week at most (0 is never), a hundred uses at most (0 is unlimited). */
  static final int MAX_AGE_SECONDS = 604_800;

  static final int DEFAULT_AGE_SECONDS = 86_400;
  static final int MAX_USES = 100;

  private final GuildLanes lanes;
  private final GuildEngine guilds;
  private final Directory directory;
  private final Clock clock;
  private final SecureRandom random;

  public Invites(
      GuildLanes lanes, GuildEngine guilds, Directory directory, Clock clock, SecureRandom random) {
    this.lanes = lanes;
    this.guilds = guilds;
    this.directory = directory;
    this.clock = clock;
    this.random = random;
  }

  /** What a member asks for; null fields take Discord's defaults. */
  public record Request(Integer maxAgeSeconds, Integer maxUses, boolean temporary) {}

  public CompletableFuture<JsonNode> create(long userId, long channelId, Request request) {
    int maxAge = request.maxAgeSeconds() == null ? DEFAULT_AGE_SECONDS : request.maxAgeSeconds();
    int maxUses = request.maxUses() == null ? 0 : request.maxUses();
    if (maxAge < 0 || maxAge > MAX_AGE_SECONDS) {
      return CompletableFuture.failedFuture(
          ApiException.invalidField(
              "max_age", "int value should be between 0 and " + MAX_AGE_SECONDS + "."));
    }
    if (maxUses < 0 || maxUses > MAX_USES) {
      return CompletableFuture.failedFuture(
          ApiException.invalidField(
              "max_uses", "int value should be between 0 and " + MAX_USES + "."));
    }
    return lanes.withChannel(
        userId,
        channelId,
        (guild, channel) -> {
          Invite invite =
              new Invite(
                  InviteCodes.newCode(guild.id(), random),
                  guild.id(),
                  channelId,
                  userId,
                  maxAge,
                  maxUses,
                  0,
                  request.temporary(),
                  clock.instant());
          return lanes.commitThen(
              guild.id(),
              List.of(GuildWrites.insertInvite(invite)),
              counts -> {
                guild.putInvite(invite);
                return json(guild, invite, true);
              });
        });
  }

  /** The invite as anyone with its code sees it (no metadata); Unknown Invite once it is gone. */
  public CompletableFuture<JsonNode> get(String code, boolean withCounts) {
    return onInvite(
        code,
        (guild, invite) -> {
          ObjectNode json = json(guild, invite, false);
          if (withCounts) {
            json.put("approximate_member_count", guild.memberCount());
          }
          return CompletableFuture.completedFuture(json);
        });
  }

  /** Joins the invite's guild. Bots cannot: their owners add them. */
  public CompletableFuture<JsonNode> accept(long userId, String code) {
    User user = directory.user(userId);
    if (user == null) {
      return CompletableFuture.failedFuture(new ApiException(ApiError.UNKNOWN_USER));
    }
    if (user.bot()) {
      return CompletableFuture.failedFuture(new ApiException(ApiError.BOT_CANNOT_USE));
    }
    return onInvite(
        code,
        (guild, invite) -> {
          ObjectNode answer = json(guild, invite, false);
          if (guild.isMember(userId)) {
            answer.put("new_member", false);
            return CompletableFuture.completedFuture(answer);
          }
          Invite used = invite.used();
          List<Write> writes =
              used.exhausted()
                  ? List.of(GuildWrites.deleteInvite(code))
                  : List.of(GuildWrites.useInvite(code));
          return guilds
              .join(
                  guild,
                  user,
                  writes,
                  () -> {
                    if (used.exhausted()) {
                      guild.removeInvite(code);
                    } else {
                      guild.putInvite(used);
                    }
                  })
              .thenApply(member -> answer.put("new_member", member != null));
        });
  }

  /** Deletes the invite: its maker or the guild's owner may. */
  public CompletableFuture<JsonNode> delete(long userId, String code) {
    return onInvite(
        code,
        (guild, invite) -> {
          if (invite.inviterId() != userId && guild.ownerId() != userId) {
            GuildLanes.requireMember(guild, userId);
            throw new ApiException(ApiError.MISSING_PERMISSIONS);
          }
          return lanes.commitThen(
              guild.id(),
              List.of(GuildWrites.deleteInvite(code)),
              counts -> {
                guild.removeInvite(code);
                return json(guild, invite, false);
              });
        });
  }

  /** The guild's invites, for its owner. */
  public CompletableFuture<JsonNode> listOfGuild(long userId, long guildId) {
    return lanes.withGuild(guildId, guild -> valid(guild, userId, 0));
  }

  /** One channel's invites, for its guild's owner. */
  public CompletableFuture<JsonNode> listOfChannel(long userId, long channelId) {
    return lanes.withChannel(
        userId, channelId, (guild, channel) -> valid(guild, userId, channelId));
  }

  private CompletableFuture<JsonNode> valid(Guild guild, long userId, long channelId) {
    GuildLanes.requireOwner(guild, userId);
    ArrayNode all = DiscordJson.MAPPER.createArrayNode();
    for (Invite invite : guild.invites()) {
      if ((channelId == 0 || invite.channelId() == channelId)
          && invite.isValidAt(clock.instant())) {
        all.add(json(guild, invite, true));
      }
    }
    return CompletableFuture.completedFuture(all);
  }

  private interface InviteTask {
    CompletableFuture<JsonNode> run(Guild guild, Invite invite);
  }

  private CompletableFuture<JsonNode> onInvite(String code, InviteTask task) {
    long guildId = InviteCodes.guildOf(code);
    if (guildId == 0) {
      return CompletableFuture.failedFuture(new ApiException(ApiError.UNKNOWN_INVITE));
    }
    return lanes
        .onLane(guildId, all -> all.get(guildId))
        .thenCompose(
            guild -> {
              Invite invite = guild == null ? null : guild.invite(code);
              if (invite == null || !invite.isValidAt(clock.instant())) {
                throw new ApiException(ApiError.UNKNOWN_INVITE);
              }
              return task.run(guild, invite);
            });
  }

  private ObjectNode json(Guild guild, Invite invite, boolean withMetadata) {
    ObjectNode json = DiscordJson.MAPPER.createObjectNode();
    json.put("type", 0);
    json.put("code", invite.code());
    ObjectNode partialGuild = json.putObject("guild");
    partialGuild.put("id", Long.toString(guild.id()));
    partialGuild.put("name", guild.name());
    partialGuild.putNull("icon");
    Channel channel = guild.channel(invite.channelId());
    ObjectNode partialChannel = json.putObject("channel");
    partialChannel.put("id", Long.toString(invite.channelId()));
    partialChannel.put("name", channel == null ? "" : channel.name());
    partialChannel.put("type", channel == null ? Channel.GUILD_TEXT : channel.type());
    json.set("inviter", DiscordJson.user(directory.userOrPlaceholder(invite.inviterId())));
    if (invite.expiresAt() == null) {
      json.putNull("expires_at");
    } else {
      json.put("expires_at", DiscordJson.timestamp(invite.expiresAt()));
    }
    if (withMetadata) {
      json.put("uses", invite.uses());
      json.put("max_uses", invite.maxUses());
      json.put("max_age", invite.maxAgeSeconds());
      json.put("temporary", invite.temporary());
      json.put("created_at", DiscordJson.timestamp(invite.createdAt()));
    }
    return json;
  }
}
