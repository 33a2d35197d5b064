package io.rtfleet.node.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtfleet.api.snowflake.Snowflake;
import io.rtfleet.node.model.StoredGuild;
import io.rtfleet.node.testing.SharedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Guilds read by slot, as a failover's survivors read them, against a real PostgreSQL. */
class GuildLoaderIT {
  private static final int SLOT_COUNT = 8;

  private Database database;
  private SharedConnection shared;
  private GuildLoader loader;
  private final List<Long> guilds = new ArrayList<>();

  @BeforeEach
  void start() throws SQLException {
    database = Database.external(SharedPostgres.newDatabase(), null);
    shared = new SharedConnection(database.dataSource());
    loader = new GuildLoader(database.dataSource(), shared, Clock.systemUTC());
    try (Connection connection = database.dataSource().getConnection()) {
      execute(connection, "INSERT INTO users VALUES (1, 'owner', false, false)");
      // Snowflakes a millisecond apart: consecutive slots, two guilds in each.
      for (int i = 0; i < 2 * SLOT_COUNT; i++) {
        long id = Snowflake.compose(Snowflake.EPOCH_MILLIS + 1_000_000 + i, 0, 0);
        guilds.add(id);
        execute(connection, "INSERT INTO guilds VALUES (" + id + ", 'guild " + i + "', 1)");
        execute(
            connection,
            "INSERT INTO channels (id, guild_id, name, type, position) VALUES ("
                + (id + 1)
                + ", "
                + id
                + ", 'general', 0, 0)");
        execute(
            connection,
            "INSERT INTO members (guild_id, user_id, joined_at) VALUES (" + id + ", 1, now())");
      }
    }
  }

  @AfterEach
  void stop() throws Exception {
    shared.close();
    database.close();
  }

  @Test
  void theGuildsOfTheGivenSlotsAndPinsAreReadWholeAsReadingThemByIdWould() throws SQLException {
    long pinned = guilds.get(0);
    Set<Integer> slots = Set.of(3, 5);

    List<StoredGuild> bySlot = loader.loadGuildsIn(slots, SLOT_COUNT, List.of(pinned));

    List<Long> expected =
        guilds.stream()
            .filter(id -> slots.contains((int) ((id >> 22) % SLOT_COUNT)) || id == pinned)
            .toList();
    assertThat(expected).hasSize(5);
    assertThat(bySlot).extracting(StoredGuild::id).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(bySlot).containsExactlyInAnyOrderElementsOf(loader.loadGuilds(expected));
    assertThat(bySlot)
        .allSatisfy(
            guild -> {
              assertThat(guild.channels()).hasSize(1);
              assertThat(guild.members()).hasSize(1);
            });
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.execute();
    }
  }
}
