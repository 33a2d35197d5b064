package io.rtfleet.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's own embedded PostgreSQL lets in only who knows its generated password. */
class EmbeddedDatabaseIT {
  private static final String PASSWORD = "0123456789abcdef0123456789abcdef";

  @TempDir Path directory;

  @Test
  void aConnectionWithoutThePasswordIsRefused() throws Exception {
    try (Database database = Database.embedded(directory.resolve("postgres"), PASSWORD)) {
      assertRefusedWithoutPassword(database.jdbcUrl());
      assertThat(database.jdbcUrl()).doesNotContain(PASSWORD);
    }
  }

  @Test
  void aDirectoryThatTrustedLocalUsersIsMadeToRequireThePassword() throws Exception {
    Path data = directory.resolve("postgres");
    try (EmbeddedPostgres trusting =
        EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).start()) {
      try (Connection open =
          DriverManager.getConnection(trusting.getJdbcUrl("postgres", "postgres"))) {
        assertThat(open.isValid(1)).isTrue();
      }
    }
    try (Database database = Database.embedded(data, PASSWORD)) {
      assertRefusedWithoutPassword(database.jdbcUrl());
    }
  }

  /**
   * The schema check that spares a start Flyway must not spare a database that is behind: one at
   * the migration before the newest is migrated to the newest when a node opens it.
   */
  @Test
  void aDatabaseBehindTheNewestMigrationIsMigratedAndOneAtItIsLeftAlone() throws Exception {
    try (EmbeddedPostgres server =
        EmbeddedPostgres.builder()
            .setDataDirectory(directory.resolve("behind"))
            .setCleanDataDirectory(false)
            .start()) {
      String url = server.getJdbcUrl("postgres", "postgres");
      Flyway.configure()
          .dataSource(server.getPostgresDatabase())
          .locations("classpath:db/migration")
          .target(Integer.toString(Database.SCHEMA_VERSION - 1))
          .load()
          .migrate();
      assertThat(schemaVersion(url)).isEqualTo(Database.SCHEMA_VERSION - 1);
      Database.external(url, null).close();
      assertThat(schemaVersion(url)).isEqualTo(Database.SCHEMA_VERSION);
      Database.external(url, null).close();
      assertThat(schemaVersion(url)).isEqualTo(Database.SCHEMA_VERSION);
    }
  }

  /** The newest migration shipped is the schema version the node checks for. */
  @Test
  void theSchemaVersionIsTheNewestMigration() throws Exception {
    Path migrations = Path.of(Database.class.getResource("/db/migration").toURI());
    try (Stream<Path> files = Files.list(migrations)) {
      int newest =
          files
              .map(file -> file.getFileName().toString())
              .map(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
              .max(Integer::compare)
              .orElseThrow();
      assertThat(Database.SCHEMA_VERSION).isEqualTo(newest);
    }
  }

  private static int schemaVersion(String url) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT max(version::int) FROM flyway_schema_history WHERE success")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  private static void assertRefusedWithoutPassword(String url) throws SQLException {
    assertThatThrownBy(() -> DriverManager.getConnection(url).close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("password");
    assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "wrong").close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("password authentication failed");
    try (Connection connection = DriverManager.getConnection(url, "postgres", PASSWORD);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM guilds")) {
      assertThat(rows.next()).isTrue();
    }
  }
}
