package io.rtfleet.node.store;

import io.rtfleet.node.model.Channel;
import io.rtfleet.node.model.Invite;
import io.rtfleet.node.model.Member;
import io.rtfleet.node.model.Message;
import io.rtfleet.node.model.Role;
import io.rtfleet.node.model.User;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;

/** The SQL of every write the guild engine makes. */
public final class GuildWrites {
  private static final RowInsert.Table MESSAGES =
      new RowInsert.Table(
          "messages",
          List.of(
              new RowInsert.Column("id", "int8", Long.class),
              new RowInsert.Column("channel_id", "int8", Long.class),
              new RowInsert.Column("guild_id", "int8", Long.class),
              new RowInsert.Column("author_id", "int8", Long.class),
              new RowInsert.Column("content", "text", String.class),
              new RowInsert.Column("nonce", "text", String.class)));

  private GuildWrites() {}

  /** Binds a statement's parameters. */
  public interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  /** A write of {@code sql} with the parameters {@code binder} binds. */
  public static Write write(String sql, Binder binder) {
    return new Write() {
      @Override
      public String sql() {
        return sql;
      }

      @Override
      public void bind(PreparedStatement statement) throws SQLException {
        binder.bind(statement);
      }
    };
  }

  public static Write upsertUser(User user) {
    return write(
        "INSERT INTO users (id, username, bot, privileged_intents) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (id) DO UPDATE SET username = EXCLUDED.username, bot = EXCLUDED.bot,"
            + " privileged_intents = EXCLUDED.privileged_intents",
        s -> {
          s.setLong(1, user.id());
          s.setString(2, user.username());
          s.setBoolean(3, user.bot());
          s.setBoolean(4, user.privilegedIntents());
        });
  }

  public static Write insertGuild(long id, String name, long ownerId) {
    return write(
        "INSERT INTO guilds (id, name, owner_id) VALUES (?, ?, ?)",
        s -> {
          s.setLong(1, id);
          s.setString(2, name);
          s.setLong(3, ownerId);
        });
  }

  public static Write insertRole(Role role) {
    return write(
        "INSERT INTO roles (id, guild_id, name, position, permissions, color)"
            + " VALUES (?, ?, ?, ?, ?, ?)",
        s -> {
          s.setLong(1, role.id());
          s.setLong(2, role.guildId());
          s.setString(3, role.name());
          s.setInt(4, role.position());
          s.setLong(5, role.permissions());
          s.setInt(6, role.color());
        });
  }

  public static Write insertChannel(Channel channel) {
    return write(
        "INSERT INTO channels (id, guild_id, name, type, position, topic) VALUES (?, ?, ?, ?, ?, ?)",
        s -> {
          s.setLong(1, channel.id());
          s.setLong(2, channel.guildId());
          s.setString(3, channel.name());
          s.setInt(4, channel.type());
          s.setInt(5, channel.position());
          if (channel.topic() == null) {
            s.setNull(6, Types.VARCHAR);
          } else {
            s.setString(6, channel.topic());
          }
        });
  }

  /** Inserts the membership; its update count is 0 when the user was already a member. */
  public static Write insertMember(long guildId, Member member) {
    return write(
        "INSERT INTO members (guild_id, user_id, joined_at) VALUES (?, ?, ?)"
            + " ON CONFLICT DO NOTHING",
        s -> {
          s.setLong(1, guildId);
          s.setLong(2, member.userId());
          s.setTimestamp(3, Timestamp.from(member.joinedAt()));
        });
  }

  public static Write deleteMember(long guildId, long userId) {
    return write(
        "DELETE FROM members WHERE guild_id = ? AND user_id = ?",
        s -> {
          s.setLong(1, guildId);
          s.setLong(2, userId);
        });
  }

  public static Write insertInvite(Invite invite) {
    return write(
        "INSERT INTO invites (code, guild_id, channel_id, inviter_id, max_age, max_uses, uses,"
            + " temporary, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        s -> {
          s.setString(1, invite.code());
          s.setLong(2, invite.guildId());
          s.setLong(3, invite.channelId());
          s.setLong(4, invite.inviterId());
          s.setInt(5, invite.maxAgeSeconds());
          s.setInt(6, invite.maxUses());
          s.setInt(7, invite.uses());
          s.setBoolean(8, invite.temporary());
          s.setTimestamp(9, Timestamp.from(invite.createdAt()));
        });
  }

  /** Counts one use; its update count is 0 when the invite is gone. */
  public static Write useInvite(String code) {
    return write("UPDATE invites SET uses = uses + 1 WHERE code = ?", s -> s.setString(1, code));
  }

  /** Deletes the invite; its update count is 0 when it was already gone. */
  public static Write deleteInvite(String code) {
    return write("DELETE FROM invites WHERE code = ?", s -> s.setString(1, code));
  }

  /**
   * One row of the hot write: posts in one group commit are inserted by one statement. The nonce is
   * stored only when enforced: it is kept to refuse a repeat, not to be shown.
   */
  public static Write insertMessage(Message message, boolean enforcedNonce) {
    return MESSAGES.row(
        message.id(),
        message.channelId(),
        message.guildId(),
        message.authorId(),
        message.content(),
        enforcedNonce ? message.nonce() : null);
  }

  /** Edits the content; its update count is 0 when the message is gone. */
  public static Write editMessage(long messageId, long channelId, String content, Instant at) {
    return write(
        "UPDATE messages SET content = ?, edited_at = ? WHERE id = ? AND channel_id = ?",
        s -> {
          s.setString(1, content);
          s.setTimestamp(2, Timestamp.from(at));
          s.setLong(3, messageId);
          s.setLong(4, channelId);
        });
  }

  /** Deletes the message; its update count is 0 when it was already gone. */
  public static Write deleteMessage(long messageId, long channelId) {
    return write(
        "DELETE FROM messages WHERE id = ? AND channel_id = ?",
        s -> {
          s.setLong(1, messageId);
          s.setLong(2, channelId);
        });
  }
}
