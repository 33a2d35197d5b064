package io.rtfleet.node.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's PostgreSQL: an external server given by JDBC URL, or an embedded one whose files live
 * under the node's data directory so that a restart keeps every committed write. Migrates the
 * schema with Flyway on open.
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  /** An uncommented pg_hba.conf rule whose method is trust. */
  private static final Pattern TRUST =
      Pattern.compile("(?m)^(\\s*(?:local|host)\\S*\\s.*\\s)trust\\s*$");

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

  /**
   * Connects to an external server. The password, when given, is kept out of the URL; one in the
   * URL works too, and is redacted from the description.
   */
  public static Database external(String jdbcUrl, String password) {
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setURL(jdbcUrl);
    if (password != null) {
      source.setPassword(password);
    }
    return migrated(new Database(source, null, jdbcUrl, redact(jdbcUrl)));
  }

  /**
   * Starts (or restarts) an embedded server whose data lives in {@code directory}, reachable only
   * with {@code password} (SCRAM): a new directory is created with it, and one created by an older
   * version that trusted every local user is given it and switched over. A server left running on
   * the directory by a node that died is stopped first. Durability settings are turned back on: the
   * embedded defaults are tuned for throwaway test databases.
   */
  public static Database embedded(Path directory, String password)
      throws IOException, InterruptedException {
    Files.createDirectories(directory);
    Optional<String> leftover = LeftoverServer.stopIfLeftOver(directory, Duration.ofSeconds(30));
    leftover.ifPresent(LOG::warn);
    Path passwordFile = Files.createTempFile("rtfleet-initdb", ".pw");
    try {
      Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
      Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(directory)
              .setCleanDataDirectory(false)
              .setServerConfig("fsync", "on")
              .setServerConfig("synchronous_commit", "on")
              .setServerConfig("full_page_writes", "on")
              .setServerConfig("password_encryption", "scram-sha-256")
              // The library passes these to initdb as --name=value (it knows them as locale
              // settings): the superuser gets a password and every connection must give it.
              .setLocaleConfig("pwfile", passwordFile.toString())
              .setLocaleConfig("auth", "scram-sha-256")
              .setConnectConfig("password", password)
              .start();
      requirePasswords(postgres, directory, password);
      String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres?user=postgres";
      return migrated(
          new Database(postgres.getPostgresDatabase(), postgres, url, "embedded " + url));
    } finally {
      Files.deleteIfExists(passwordFile);
    }
  }

  /**
   * A directory initialized by an older version trusts every local connection: gives the superuser
   * the password, then makes every line of pg_hba.conf ask for it and reloads.
   */
  private static void requirePasswords(EmbeddedPostgres postgres, Path directory, String password)
      throws IOException {
    Path hba = directory.resolve("pg_hba.conf");
    String rules = Files.readString(hba, StandardCharsets.UTF_8);
    if (!TRUST.matcher(rules).find()) {
      return;
    }
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("SET password_encryption = 'scram-sha-256'");
      // A hex secret: nothing in it needs quoting.
      statement.execute("ALTER ROLE postgres PASSWORD '" + password + "'");
      Files.writeString(
          hba, TRUST.matcher(rules).replaceAll("$1scram-sha-256"), StandardCharsets.UTF_8);
      statement.execute("SELECT pg_reload_conf()");
    } catch (SQLException failed) {
      throw new IOException("could not make the embedded database require a password", failed);
    }
    LOG.warn(
        "the embedded database in {} trusted local users; it now requires its password", directory);
  }

  /** Creates a fresh database on the same server, for tests that share one embedded server. */
  public static void createDatabase(DataSource server, String name) throws SQLException {
    try (Connection connection = server.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE \"" + name.replace("\"", "") + "\"");
    }
  }

  /**
   * The newest migration under {@code db/migration}: a database whose schema history has it already
   * is not handed to Flyway (a test keeps the two in step).
   */
  static final int SCHEMA_VERSION = 8;

  private static Database migrated(Database database) {
    if (atSchemaVersion(database.dataSource)) {
      return database;
    }
    Flyway.configure()
        .dataSource(database.dataSource)
        .locations("classpath:db/migration")
        .load()
        .migrate();
    return database;
  }

  /**
   * Whether the schema is at {@link #SCHEMA_VERSION} already, the case of every start but a fleet's
   * first. Flyway would find the same, but it scans the classpath and loads some 500 classes to do
   * so: a third of a node's start-up, paid again by every new pod of a rollout.
   */
  private static boolean atSchemaVersion(DataSource source) {
    try (Connection connection = source.getConnection();
        Statement statement = connection.createStatement();
        ResultSet history =
            statement.executeQuery(
                "SELECT CASE WHEN to_regclass('flyway_schema_history') IS NULL THEN 0 ELSE"
                    + " (SELECT coalesce(max(version::int), 0) FROM flyway_schema_history"
                    + " WHERE success) END")) {
      return history.next() && history.getInt(1) == SCHEMA_VERSION;
    } catch (SQLException noHistory) {
      return false;
    }
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
