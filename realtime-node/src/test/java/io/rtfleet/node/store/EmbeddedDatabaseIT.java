package io.rtfleet.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
