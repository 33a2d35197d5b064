package io.rtfleet.node.operations;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rtfleet.node.discord.DiscordJson;
import io.rtfleet.node.lanes.Guild;
import io.rtfleet.node.model.Member;
import io.rtfleet.node.model.User;
import java.util.function.LongFunction;

/** Discord's JSON shapes for a live guild: the REST guild object and the GUILD_CREATE payload. */
public final class GuildPayloads {
  private GuildPayloads() {}

  /** The guild object of REST answers: no members, channels or presences. */
  public static ObjectNode guild(Guild guild) {
    ObjectNode json = DiscordJson.MAPPER.createObjectNode();
    json.put("id", Long.toString(guild.id()));
    json.put("name", guild.name());
    json.putNull("icon");
    json.putNull("splash");
    json.putNull("discovery_splash");
    json.put("owner_id", Long.toString(guild.ownerId()));
    json.putNull("afk_channel_id");
    json.put("afk_timeout", 300);
    json.put("verification_level", 0);
    json.put("default_message_notifications", 0);
    json.put("explicit_content_filter", 0);
    ArrayNode roles = json.putArray("roles");
    guild.roles().forEach(role -> roles.add(DiscordJson.role(role)));
    json.putArray("emojis");
    json.putArray("stickers");
    json.putArray("features");
    json.put("mfa_level", 0);
    json.putNull("application_id");
    json.putNull("system_channel_id");
    json.put("system_channel_flags", 0);
    json.putNull("rules_channel_id");
    json.putNull("public_updates_channel_id");
    json.putNull("safety_alerts_channel_id");
    json.putNull("vanity_url_code");
    json.putNull("description");
    json.putNull("banner");
    json.put("premium_tier", 0);
    json.put("premium_subscription_count", 0);
    json.put("preferred_locale", "en-US");
    json.put("nsfw_level", 0);
    json.put("premium_progress_bar_enabled", false);
    json.put("max_members", 500_000);
    return json;
  }

  /**
   * The GUILD_CREATE payload: the guild with its channels, members (at most {@code largeThreshold})
   * and, when asked for, the presences of its online members.
   */
  public static ObjectNode guildCreate(
      Guild guild,
      LongFunction<User> users,
      int largeThreshold,
      LongFunction<String> onlineStatus) {
    ObjectNode json = guild(guild);
    json.put("large", guild.memberCount() > largeThreshold);
    json.put("unavailable", false);
    json.put("member_count", guild.memberCount());
    json.putArray("voice_states");
    ArrayNode members = json.putArray("members");
    ArrayNode presences = json.putArray("presences");
    int listed = 0;
    for (Member member : guild.members()) {
      if (listed++ >= largeThreshold) {
        break;
      }
      User user = users.apply(member.userId());
      members.add(DiscordJson.member(member, user, 0));
      String status = onlineStatus == null ? null : onlineStatus.apply(member.userId());
      if (status != null) {
        presences.add(DiscordJson.presence(member.userId(), guild.id(), status));
      }
    }
    ArrayNode channels = json.putArray("channels");
    guild.channels().forEach(channel -> channels.add(DiscordJson.channel(channel)));
    json.putArray("threads");
    json.putArray("stage_instances");
    json.putArray("guild_scheduled_events");
    json.putArray("soundboard_sounds");
    return json;
  }
}
