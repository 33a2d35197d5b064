package io.rtfleet.node.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The node's PostgreSQL: an external server given by JDBC URL, or an embedded one whose files live
 * under the node's data directory so that a restart keeps every committed write. Migrates the
 * schema with Flyway on open.
 */
public final class Database implements AutoCloseable {
  private final DataSource dataSource;
  private final EmbeddedPostgres embedded;
  private final String description;
  private final String jdbcUrl;

  private Database(
      DataSource dataSource, EmbeddedPostgres embedded, String jdbcUrl, String description) {
    this.dataSource = dataSource;
    this.embedded = embedded;
    this.jdbcUrl = jdbcUrl;
    this.description = description;
  }

  /** The URL other processes connect with (it may carry credentials: never log it). */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  /** Connects to an external server; user and password may be part of the URL. */
  public static Database external(String jdbcUrl) {
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setURL(jdbcUrl);
    return migrated(new Database(source, null, jdbcUrl, redact(jdbcUrl)));
  }

  /**
   * Starts (or restarts) an embedded server whose data lives in {@code directory}. Durability
   * settings are turned back on: the embedded defaults are tuned for throwaway test databases.
   */
  public static Database embedded(Path directory) throws IOException {
    Files.createDirectories(directory);
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(directory)
            .setCleanDataDirectory(false)
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("full_page_writes", "on")
            .start();
    String url = postgres.getJdbcUrl("postgres", "postgres");
    return migrated(new Database(postgres.getPostgresDatabase(), postgres, url, "embedded " + url));
  }

  /** Creates a fresh database on the same server, for tests that share one embedded server. */
  public static void createDatabase(DataSource server, String name) throws SQLException {
    try (Connection connection = server.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE \"" + name.replace("\"", "") + "\"");
    }
  }

  private static Database migrated(Database database) {
    Flyway.configure()
        .dataSource(database.dataSource)
        .locations("classpath:db/migration")
        .load()
        .migrate();
    return database;
  }

  private static String redact(String jdbcUrl) {
    return jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1***");
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /** Where the data lives, with any password removed, for the startup banner. */
  public String description() {
    return description;
  }

  @Override
  public void close() throws IOException {
    if (embedded != null) {
      embedded.close();
    }
  }
}
