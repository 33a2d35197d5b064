package io.rtfleet.node.discord;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.rtfleet.api.snowflake.Snowflake;
import io.rtfleet.node.model.Channel;
import io.rtfleet.node.model.Member;
import io.rtfleet.node.model.Message;
import io.rtfleet.node.model.Role;
import io.rtfleet.node.model.User;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Discord's JSON shapes for users, guilds, channels, roles, members and messages. Snowflakes are
 * strings and timestamps ISO-8601 with microseconds, as Discord sends them; stock clients parse
 * exactly these fields.
 */
public final class DiscordJson {
  public static final ObjectMapper MAPPER = new ObjectMapper();
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

  private DiscordJson() {}

  public static String timestamp(Instant instant) {
    return TIMESTAMP.format(instant);
  }

  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException("a JsonNode always serializes", impossible);
    }
  }

  public static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException("a JsonNode always serializes", impossible);
    }
  }

  /** A node that writes {@code json} as it is, for answers encoded once already. */
  public static JsonNode raw(String json) {
    return new POJONode(new RawValue(json));
  }

  public static ObjectNode user(User user) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("id", Long.toString(user.id()));
    json.put("username", user.username());
    json.put("discriminator", "0");
    json.put("global_name", user.username());
    json.putNull("avatar");
    json.put("bot", user.bot());
    json.put("system", false);
    json.put("mfa_enabled", false);
    json.put("verified", true);
    json.put("flags", 0);
    json.put("public_flags", 0);
    return json;
  }

  public static ObjectNode channel(Channel channel) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("id", Long.toString(channel.id()));
    json.put("type", channel.type());
    json.put("guild_id", Long.toString(channel.guildId()));
    json.put("name", channel.name());
    json.put("position", channel.position());
    json.putArray("permission_overwrites");
    json.put("nsfw", false);
    json.putNull("parent_id");
    if (channel.topic() == null) {
      json.putNull("topic");
    } else {
      json.put("topic", channel.topic());
    }
    if (channel.type() == Channel.GUILD_TEXT) {
      json.putNull("last_message_id");
      json.put("rate_limit_per_user", 0);
    }
    if (channel.type() == Channel.GUILD_VOICE) {
      json.put("bitrate", 64_000);
      json.put("user_limit", 0);
    }
    return json;
  }

  public static ObjectNode role(Role role) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("id", Long.toString(role.id()));
    json.put("name", role.name());
    json.put("color", role.color());
    json.putObject("colors")
        .put("primary_color", role.color())
        .putNull("secondary_color")
        .putNull("tertiary_color");
    json.put("hoist", false);
    json.putNull("icon");
    json.putNull("unicode_emoji");
    json.put("position", role.position());
    json.put("permissions", Long.toString(role.permissions()));
    json.put("managed", false);
    json.put("mentionable", false);
    json.put("flags", 0);
    return json;
  }

  public static ObjectNode member(Member member, User user, long guildId) {
    ObjectNode json = MAPPER.createObjectNode();
    json.set("user", user(user));
    json.putNull("nick");
    json.putNull("avatar");
    json.putArray("roles");
    json.put("joined_at", timestamp(member.joinedAt()));
    json.put("deaf", false);
    json.put("mute", false);
    json.put("flags", 0);
    json.put("pending", false);
    json.putNull("communication_disabled_until");
    if (guildId != 0) {
      json.put("guild_id", Long.toString(guildId));
    }
    return json;
  }

  public static ObjectNode presence(long userId, long guildId, String status) {
    ObjectNode json = MAPPER.createObjectNode();
    json.putObject("user").put("id", Long.toString(userId));
    json.put("guild_id", Long.toString(guildId));
    json.put("status", status);
    json.putArray("activities");
    json.putObject("client_status").put("desktop", status);
    return json;
  }

  public static ObjectNode message(Message message, User author, boolean withContent) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("id", Long.toString(message.id()));
    json.put("channel_id", Long.toString(message.channelId()));
    json.put("guild_id", Long.toString(message.guildId()));
    json.put("type", 0);
    json.put("content", withContent ? message.content() : "");
    json.set("author", user(author));
    json.putArray("mentions");
    json.putArray("mention_roles");
    json.put("mention_everyone", false);
    json.putArray("attachments");
    json.putArray("embeds");
    json.putArray("components");
    json.put("pinned", false);
    json.put("tts", false);
    json.put("timestamp", timestamp(Snowflake.timestamp(message.id())));
    if (message.editedAt() == null) {
      json.putNull("edited_timestamp");
    } else {
      json.put("edited_timestamp", timestamp(message.editedAt()));
    }
    json.put("flags", 0);
    if (message.nonce() != null) {
      json.put("nonce", message.nonce());
    }
    return json;
  }
}
