package io.rtfleet.node.store;

import io.rtfleet.node.guild.Channel;
import io.rtfleet.node.guild.Guild;
import io.rtfleet.node.guild.Member;
import io.rtfleet.node.guild.Role;
import io.rtfleet.node.guild.User;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Reads every user and guild (with channels, roles and members) back from the database. */
public final class GuildLoader {
  public record Loaded(List<User> users, List<Guild> guilds) {}

  private final DataSource dataSource;
  private final SharedConnection shared;

  public GuildLoader(DataSource dataSource, SharedConnection shared) {
    this.dataSource = dataSource;
    this.shared = shared;
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
      List<Guild> guilds = readGuilds(connection, null);
      connection.commit();
      return new Loaded(users, guilds);
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
  public List<Guild> loadGuilds(Collection<Long> ids) throws SQLException {
    return shared.transaction(connection -> readGuilds(connection, ids.toArray(Long[]::new)));
  }

  /** All guilds, or only those in {@code ids}, in one transaction's snapshot. */
  private static List<Guild> readGuilds(Connection connection, Long[] ids) throws SQLException {
    Map<Long, Guild> guilds = new LinkedHashMap<>();
    try (ResultSet rows =
        query(connection, "SELECT id, name, owner_id FROM guilds", "id", ids, "ORDER BY id")) {
      while (rows.next()) {
        guilds.put(rows.getLong(1), new Guild(rows.getLong(1), rows.getString(2), rows.getLong(3)));
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
            .putRole(
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
            .putChannel(
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
            .putMember(new Member(rows.getLong(2), rows.getTimestamp(3).toInstant()));
      }
    }
    return new ArrayList<>(guilds.values());
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
}
