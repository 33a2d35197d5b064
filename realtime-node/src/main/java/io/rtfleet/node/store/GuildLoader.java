package io.rtfleet.node.store;

import io.rtfleet.node.guild.Channel;
import io.rtfleet.node.guild.Guild;
import io.rtfleet.node.guild.Member;
import io.rtfleet.node.guild.Role;
import io.rtfleet.node.guild.User;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Reads every user and guild (with channels, roles and members) back from the database. */
public final class GuildLoader {
  public record Loaded(List<User> users, List<Guild> guilds) {}

  private final DataSource dataSource;

  public GuildLoader(DataSource dataSource) {
    this.dataSource = dataSource;
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
      Map<Long, Guild> guilds = new LinkedHashMap<>();
      try (ResultSet rows =
          statement.executeQuery("SELECT id, name, owner_id FROM guilds ORDER BY id")) {
        while (rows.next()) {
          guilds.put(
              rows.getLong(1), new Guild(rows.getLong(1), rows.getString(2), rows.getLong(3)));
        }
      }
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT id, guild_id, name, position, permissions, color FROM roles ORDER BY id")) {
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
          statement.executeQuery(
              "SELECT id, guild_id, name, type, position, topic FROM channels ORDER BY id")) {
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
          statement.executeQuery(
              "SELECT guild_id, user_id, joined_at FROM members ORDER BY joined_at, user_id")) {
        while (rows.next()) {
          guilds
              .get(rows.getLong(1))
              .putMember(new Member(rows.getLong(2), rows.getTimestamp(3).toInstant()));
        }
      }
      connection.commit();
      return new Loaded(users, new ArrayList<>(guilds.values()));
    }
  }
}
