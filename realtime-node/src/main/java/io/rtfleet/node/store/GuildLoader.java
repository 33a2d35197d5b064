package io.rtfleet.node.store;

import io.rtfleet.api.snowflake.Snowflake;
import io.rtfleet.node.model.Channel;
import io.rtfleet.node.model.Invite;
import io.rtfleet.node.model.Member;
import io.rtfleet.node.model.Membership;
import io.rtfleet.node.model.Message;
import io.rtfleet.node.model.Role;
import io.rtfleet.node.model.StoredGuild;
import io.rtfleet.node.model.User;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/** Reads every user and guild (with channels, roles and members) back from the database. */
public final class GuildLoader {
  public record Loaded(List<User> users, List<StoredGuild> guilds) {}

  /** The fleet-wide directory as the database has them. */
  public record DirectoryRows(
      List<User> users, Map<Long, Long> guildOfChannel, Set<Membership> memberships) {}

  /** How far back posts sent with enforce_nonce are read, as the guild engine keeps them. */
  public static final long NONCE_WINDOW_MILLIS = 5 * 60_000;

  private final DataSource dataSource;
  private final SharedConnection shared;
  private final Clock clock;

  public GuildLoader(DataSource dataSource, SharedConnection shared, Clock clock) {
    this.dataSource = dataSource;
    this.shared = shared;
    this.clock = clock;
  }

  public Loaded loadAll() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.setFetchSize(10_000);
      connection.setAutoCommit(false);
      List<User> users = new ArrayList<>();
      try (ResultSet rows =
          statement.executeQuery("SELECT id, username, bot, privileged_intents FROM users")) {
        while (rows.next()) {
          users.add(
              new User(rows.getLong(1), rows.getString(2), rows.getBoolean(3), rows.getBoolean(4)));
        }
      }
      List<StoredGuild> guilds = readGuilds(connection, null);
      connection.commit();
      return new Loaded(users, guilds);
    }
  }

  /** The fleet-wide directory as the database has them, for a node that missed changes. */
  public DirectoryRows loadDirectory() throws SQLException {
    // Its own connection: a long read must not hold up handoffs on the shared one.
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      {
        List<User> users = new ArrayList<>();
        Map<Long, Long> channels = new HashMap<>();
        Set<Membership> memberships = new HashSet<>();
        try (Statement statement = connection.createStatement()) {
          statement.setFetchSize(10_000);
          try (ResultSet rows =
              statement.executeQuery("SELECT id, username, bot, privileged_intents FROM users")) {
            while (rows.next()) {
              users.add(
                  new User(
                      rows.getLong(1), rows.getString(2), rows.getBoolean(3), rows.getBoolean(4)));
            }
          }
          try (ResultSet rows = statement.executeQuery("SELECT id, guild_id FROM channels")) {
            while (rows.next()) {
              channels.put(rows.getLong(1), rows.getLong(2));
            }
          }
          try (ResultSet rows = statement.executeQuery("SELECT user_id, guild_id FROM members")) {
            while (rows.next()) {
              memberships.add(new Membership(rows.getLong(1), rows.getLong(2)));
            }
          }
        }
        connection.commit();
        return new DirectoryRows(users, channels, memberships);
      }
    }
  }

  /**
   * The ids of the guilds in {@code slots} (of {@code slotCount}, by Discord's shard formula) plus
   * those in {@code pinned}: cheap, for choosing which guilds to load.
   */
  public List<Long> guildIds(Collection<Integer> slots, int slotCount, Collection<Long> pinned)
      throws SQLException {
    return shared.transaction(
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT id FROM guilds WHERE ((id >> 22) % ?) = ANY(?) OR id = ANY(?)")) {
            query.setLong(1, slotCount);
            query.setArray(
                2,
                connection.createArrayOf(
                    "bigint", slots.stream().map(Integer::longValue).toArray(Long[]::new)));
            query.setArray(3, connection.createArrayOf("bigint", pinned.toArray(Long[]::new)));
            List<Long> ids = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
              while (rows.next()) {
                ids.add(rows.getLong(1));
              }
            }
            return ids;
          }
        });
  }

  /** Reads these guilds (with channels, roles and members); ids not in the database are skipped. */
  public List<StoredGuild> loadGuilds(Collection<Long> ids) throws SQLException {
    return shared.transaction(connection -> readGuilds(connection, ids.toArray(Long[]::new)));
  }

  /**
   * All guilds, or only those in {@code ids}, in one transaction's snapshot, with the posts of the
   * last {@link #NONCE_WINDOW_MILLIS} sent with enforce_nonce.
   */
  private List<StoredGuild> readGuilds(Connection connection, Long[] ids) throws SQLException {
    Map<Long, GuildRows> guilds = new LinkedHashMap<>();
    try (ResultSet rows =
        query(connection, "SELECT id, name, owner_id FROM guilds", "id", ids, "ORDER BY id")) {
      while (rows.next()) {
        guilds.put(
            rows.getLong(1), new GuildRows(rows.getLong(1), rows.getString(2), rows.getLong(3)));
      }
    }
    try (ResultSet rows =
        query(
            connection,
            "SELECT id, guild_id, name, position, permissions, color FROM roles",
            "guild_id",
            ids,
            "ORDER BY id")) {
      while (rows.next()) {
        guilds
            .get(rows.getLong(2))
            .roles
            .add(
                new Role(
                    rows.getLong(1),
                    rows.getLong(2),
                    rows.getString(3),
                    rows.getInt(4),
                    rows.getLong(5),
                    rows.getInt(6)));
      }
    }
    try (ResultSet rows =
        query(
            connection,
            "SELECT id, guild_id, name, type, position, topic FROM channels",
            "guild_id",
            ids,
            "ORDER BY id")) {
      while (rows.next()) {
        guilds
            .get(rows.getLong(2))
            .channels
            .add(
                new Channel(
                    rows.getLong(1),
                    rows.getLong(2),
                    rows.getString(3),
                    rows.getInt(4),
                    rows.getInt(5),
                    rows.getString(6)));
      }
    }
    try (ResultSet rows =
        query(
            connection,
            "SELECT guild_id, user_id, joined_at FROM members",
            "guild_id",
            ids,
            "ORDER BY joined_at, user_id")) {
      while (rows.next()) {
        guilds
            .get(rows.getLong(1))
            .members
            .add(new Member(rows.getLong(2), rows.getTimestamp(3).toInstant()));
      }
    }
    try (ResultSet rows =
        query(
            connection,
            "SELECT code, guild_id, channel_id, inviter_id, max_age, max_uses, uses, temporary,"
                + " created_at FROM invites",
            "guild_id",
            ids,
            "ORDER BY created_at")) {
      while (rows.next()) {
        guilds
            .get(rows.getLong(2))
            .invites
            .add(
                new Invite(
                    rows.getString(1),
                    rows.getLong(2),
                    rows.getLong(3),
                    rows.getLong(4),
                    rows.getInt(5),
                    rows.getInt(6),
                    rows.getInt(7),
                    rows.getBoolean(8),
                    rows.getTimestamp(9).toInstant()));
      }
    }
    long since = Snowflake.compose(clock.millis() - NONCE_WINDOW_MILLIS, 0, 0);
    try (PreparedStatement recent =
        connection.prepareStatement(
            "SELECT id, channel_id, guild_id, author_id, content, nonce FROM messages"
                + " WHERE nonce IS NOT NULL AND id >= ?"
                + (ids == null ? "" : " AND guild_id = ANY(?)")
                + " ORDER BY id")) {
      recent.setLong(1, since);
      if (ids != null) {
        recent.setArray(2, connection.createArrayOf("bigint", ids));
      }
      try (ResultSet rows = recent.executeQuery()) {
        while (rows.next()) {
          GuildRows guild = guilds.get(rows.getLong(3));
          if (guild != null) {
            guild.noncePosts.add(
                new Message(
                    rows.getLong(1),
                    rows.getLong(2),
                    rows.getLong(3),
                    rows.getLong(4),
                    rows.getString(5),
                    null,
                    rows.getString(6)));
          }
        }
      }
    }
    return guilds.values().stream().map(GuildRows::stored).toList();
  }

  /** Runs {@code select}, filtered to {@code column = ANY(ids)} unless ids is null. */
  private static ResultSet query(
      Connection connection, String select, String column, Long[] ids, String order)
      throws SQLException {
    String sql = select + (ids == null ? " " : " WHERE " + column + " = ANY(?) ") + order;
    PreparedStatement statement = connection.prepareStatement(sql);
    statement.setFetchSize(10_000);
    if (ids != null) {
      statement.setArray(1, connection.createArrayOf("bigint", ids));
    }
    statement.closeOnCompletion();
    return statement.executeQuery();
  }

  /** A guild's rows while they are read. */
  private static final class GuildRows {
    private final long id;
    private final String name;
    private final long ownerId;
    private final List<Role> roles = new ArrayList<>();
    private final List<Channel> channels = new ArrayList<>();
    private final List<Member> members = new ArrayList<>();
    private final List<Invite> invites = new ArrayList<>();
    private final List<Message> noncePosts = new ArrayList<>();

    GuildRows(long id, String name, long ownerId) {
      this.id = id;
      this.name = name;
      this.ownerId = ownerId;
    }

    StoredGuild stored() {
      return new StoredGuild(id, name, ownerId, roles, channels, members, invites, noncePosts);
    }
  }
}
