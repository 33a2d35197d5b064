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
import java.util.function.UnaryOperator;
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
    return shared.transaction(
        connection -> readGuilds(connection, new ById(ids.toArray(Long[]::new))));
  }

  /**
   * Reads the guilds in {@code slots} (of {@code slotCount}) plus those in {@code pinned}, as
   * {@link #loadGuilds} does, without listing them first: a failover's survivors load the dead
   * node's guilds in one round trip instead of two.
   */
  public List<StoredGuild> loadGuildsIn(
      Collection<Integer> slots, int slotCount, Collection<Long> pinned) throws SQLException {
    return shared.transaction(
        connection ->
            readGuilds(
                connection,
                new BySlot(
                    slots.stream().map(Integer::longValue).toArray(Long[]::new),
                    slotCount,
                    pinned.toArray(Long[]::new))));
  }

  /** Which guilds a read takes: a condition on a guild id column, and its parameters. */
  private interface GuildFilter {
    String on(String column);

    /** Sets its parameters from {@code parameter} on; returns the next parameter's index. */
    int bind(Connection connection, PreparedStatement statement, int parameter) throws SQLException;
  }

  private record ById(Long[] ids) implements GuildFilter {
    @Override
    public String on(String column) {
      return column + " = ANY(?)";
    }

    @Override
    public int bind(Connection connection, PreparedStatement statement, int parameter)
        throws SQLException {
      statement.setArray(parameter, connection.createArrayOf("bigint", ids));
      return parameter + 1;
    }
  }

  /** Discord's shard formula, as {@link #guildIds} reads it. */
  private record BySlot(Long[] slots, int slotCount, Long[] pinned) implements GuildFilter {
    @Override
    public String on(String column) {
      return "(((" + column + " >> 22) % ?) = ANY(?) OR " + column + " = ANY(?))";
    }

    @Override
    public int bind(Connection connection, PreparedStatement statement, int parameter)
        throws SQLException {
      statement.setLong(parameter, slotCount);
      statement.setArray(parameter + 1, connection.createArrayOf("bigint", slots));
      statement.setArray(parameter + 2, connection.createArrayOf("bigint", pinned));
      return parameter + 3;
    }
  }

  /**
   * All guilds, or only those {@code filter} takes, in one transaction's snapshot, with the posts
   * of the last {@link #NONCE_WINDOW_MILLIS} sent with enforce_nonce.
   *
   * <p>The six reads go to the server as one statement list, in one round trip: a failover loads
   * the dead node's guilds while every node is busy with its reconnecting clients, and there each
   * round trip waits its turn for a core twice (this thread, then the server's), which cost more
   * than the reads themselves.
   */
  private List<StoredGuild> readGuilds(Connection connection, GuildFilter filter)
      throws SQLException {
    UnaryOperator<String> where = column -> filter == null ? "" : " WHERE " + filter.on(column);
    String sql =
        String.join(
            ";\n",
            "SELECT id, name, owner_id FROM guilds" + where.apply("id") + " ORDER BY id",
            "SELECT id, guild_id, name, position, permissions, color FROM roles"
                + where.apply("guild_id")
                + " ORDER BY id",
            "SELECT id, guild_id, name, type, position, topic FROM channels"
                + where.apply("guild_id")
                + " ORDER BY id",
            "SELECT guild_id, user_id, joined_at FROM members"
                + where.apply("guild_id")
                + " ORDER BY joined_at, user_id",
            "SELECT code, guild_id, channel_id, inviter_id, max_age, max_uses, uses, temporary,"
                + " created_at FROM invites"
                + where.apply("guild_id")
                + " ORDER BY created_at",
            "SELECT id, channel_id, guild_id, author_id, content, nonce FROM messages"
                + " WHERE nonce IS NOT NULL AND id >= ?"
                + (filter == null ? "" : " AND " + filter.on("guild_id"))
                + " ORDER BY id");
    try (PreparedStatement reads = connection.prepareStatement(sql)) {
      int parameter = 1;
      for (int filtered = 0; filter != null && filtered < 5; filtered++) {
        parameter = filter.bind(connection, reads, parameter);
      }
      reads.setLong(parameter++, Snowflake.compose(clock.millis() - NONCE_WINDOW_MILLIS, 0, 0));
      if (filter != null) {
        filter.bind(connection, reads, parameter);
      }
      reads.execute();
      Map<Long, GuildRows> guilds = new LinkedHashMap<>();
      readGuildRows(reads.getResultSet(), guilds);
      readRoles(next(reads), guilds);
      readChannels(next(reads), guilds);
      readMembers(next(reads), guilds);
      readInvites(next(reads), guilds);
      readNoncePosts(next(reads), guilds);
      return guilds.values().stream().map(GuildRows::stored).toList();
    }
  }

  private static ResultSet next(PreparedStatement reads) throws SQLException {
    if (!reads.getMoreResults()) {
      throw new SQLException("a read of the guilds returned fewer result sets than it asked for");
    }
    return reads.getResultSet();
  }

  private static void readGuildRows(ResultSet rows, Map<Long, GuildRows> guilds)
      throws SQLException {
    while (rows.next()) {
      guilds.put(
          rows.getLong(1), new GuildRows(rows.getLong(1), rows.getString(2), rows.getLong(3)));
    }
  }

  private static void readRoles(ResultSet rows, Map<Long, GuildRows> guilds) throws SQLException {
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

  private static void readChannels(ResultSet rows, Map<Long, GuildRows> guilds)
      throws SQLException {
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

  private static void readMembers(ResultSet rows, Map<Long, GuildRows> guilds) throws SQLException {
    while (rows.next()) {
      guilds
          .get(rows.getLong(1))
          .members
          .add(new Member(rows.getLong(2), rows.getTimestamp(3).toInstant()));
    }
  }

  private static void readInvites(ResultSet rows, Map<Long, GuildRows> guilds) throws SQLException {
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

  private static void readNoncePosts(ResultSet rows, Map<Long, GuildRows> guilds)
      throws SQLException {
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
