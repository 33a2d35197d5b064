package io.rtfleet.node.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rtfleet.api.protocol.Intent;
import io.rtfleet.api.snowflake.SnowflakeGenerator;
import io.rtfleet.node.discord.ApiError;
import io.rtfleet.node.discord.ApiException;
import io.rtfleet.node.discord.DiscordJson;
import io.rtfleet.node.lanes.Directory;
import io.rtfleet.node.lanes.Guild;
import io.rtfleet.node.lanes.GuildLanes;
import io.rtfleet.node.lanes.NonceWindow;
import io.rtfleet.node.model.Message;
import io.rtfleet.node.model.User;
import io.rtfleet.node.session.Dispatch;
import io.rtfleet.node.store.GuildWrites;
import io.rtfleet.node.store.MessageReader;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Message writes and reads of the REST API, and typing. Writes go through the guild's lane ({@link
 * GuildLanes}); history is read from the database, since messages are not kept in memory.
 */
public final class MessageEngine {
  private static final int MAX_MESSAGE_LENGTH = 2000;

  private final GuildLanes lanes;
  private final Directory directory;
  private final MessageReader messages;
  private final SnowflakeGenerator ids;
  private final Clock clock;

  public MessageEngine(
      GuildLanes lanes,
      Directory directory,
      MessageReader messages,
      SnowflakeGenerator ids,
      Clock clock) {
    this.lanes = lanes;
    this.directory = directory;
    this.messages = messages;
    this.ids = ids;
    this.clock = clock;
  }

  /**
   * Posts a message. With {@code enforceNonce}, a post that repeats an earlier one's nonce (same
   * author, within {@link NonceWindow#WINDOW_MILLIS}) is answered with the earlier message and
   * writes nothing, as on Discord: a client that did not hear back may retry safely.
   */
  public CompletableFuture<JsonNode> createMessage(
      long userId, long channelId, String content, String nonce, boolean enforceNonce) {
    String checked = checkContent(content);
    boolean enforced = enforceNonce && nonce != null;
    return lanes.withChannel(
        userId,
        channelId,
        (guild, channel) -> {
          long now = clock.millis();
          if (enforced) {
            CompletableFuture<Message> earlier = guild.nonces().find(userId, nonce, now);
            if (earlier != null) {
              return earlier.thenApply(
                  first ->
                      DiscordJson.message(
                          first, directory.userOrPlaceholder(first.authorId()), true));
            }
          }
          Message message =
              new Message(ids.next(), channelId, guild.id(), userId, checked, null, nonce);
          CompletableFuture<JsonNode> created =
              lanes.commitThen(
                  guild.id(),
                  List.of(GuildWrites.insertMessage(message, enforced)),
                  counts -> publish(guild, "MESSAGE_CREATE", message));
          if (enforced) {
            CompletableFuture<Message> committed = created.thenApply(json -> message);
            guild.rememberNonce(message, committed, now);
            // Runs on the lane, where the commit's outcome is handled.
            committed.whenComplete(
                (done, failure) -> {
                  if (failure != null) {
                    guild.nonces().forget(userId, nonce, committed);
                  }
                });
          }
          return created;
        });
  }

  public CompletableFuture<JsonNode> editMessage(
      long userId, long channelId, long messageId, String content) {
    String checked = checkContent(content);
    return lanes
        .withChannel(userId, channelId, (guild, channel) -> messages.find(channelId, messageId))
        .thenCompose(
            found -> {
              Message message = found.orElseThrow(() -> new ApiException(ApiError.UNKNOWN_MESSAGE));
              if (message.authorId() != userId) {
                throw new ApiException(ApiError.CANNOT_EDIT_OTHERS_MESSAGE);
              }
              Instant editedAt = now();
              Message edited =
                  new Message(
                      messageId, channelId, message.guildId(), userId, checked, editedAt, null);
              return lanes.withGuild(
                  message.guildId(),
                  guild ->
                      lanes.commitThen(
                          guild.id(),
                          List.of(GuildWrites.editMessage(messageId, channelId, checked, editedAt)),
                          counts -> {
                            if (counts[0] == 0) {
                              throw new ApiException(ApiError.UNKNOWN_MESSAGE);
                            }
                            return publish(guild, "MESSAGE_UPDATE", edited);
                          }));
            });
  }

  public CompletableFuture<JsonNode> deleteMessage(long userId, long channelId, long messageId) {
    record Found(Message message, long guildOwnerId) {}
    return lanes
        .withChannel(
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
              return lanes.withGuild(
                  found.message().guildId(),
                  guild ->
                      lanes.commitThen(
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
                            lanes.fanOut(
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
    return lanes
        .withChannel(userId, channelId, (guild, channel) -> messages.find(channelId, messageId))
        .thenApply(
            found -> {
              Message message = found.orElseThrow(() -> new ApiException(ApiError.UNKNOWN_MESSAGE));
              return DiscordJson.message(
                  message, directory.userOrPlaceholder(message.authorId()), true);
            });
  }

  public CompletableFuture<JsonNode> listMessages(
      long userId, long channelId, int limit, long before, long after) {
    return lanes
        .withChannel(
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
    return lanes.withChannel(
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
          lanes.fanOut(
              guild,
              Dispatch.gated("TYPING_START", Intent.GUILD_MESSAGE_TYPING, DiscordJson.write(json)));
          return CompletableFuture.completedFuture(null);
        });
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

  /**
   * Fans the message event out and returns the message for the REST answer. The JSON is built once:
   * serialized with its content, then again with the content blanked (for sessions without
   * MESSAGE_CONTENT), and the first serialization is the answer's body too.
   */
  private JsonNode publish(Guild guild, String type, Message message) {
    User author = directory.userOrPlaceholder(message.authorId());
    ObjectNode json = DiscordJson.message(message, author, true);
    String withContent = DiscordJson.write(json);
    json.put("content", "");
    String withoutContent = DiscordJson.write(json);
    lanes.fanOut(guild, Dispatch.message(type, withContent, withoutContent, author.id()));
    return DiscordJson.raw(withContent);
  }

  private Instant now() {
    return clock.instant();
  }
}
