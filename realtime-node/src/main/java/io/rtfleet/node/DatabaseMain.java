package io.rtfleet.node;

import io.rtfleet.node.store.Database;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code realtime-node database}: runs only the embedded PostgreSQL, migrated, for several nodes on
 * one machine to share (each started with {@code --database-url}). It lives in its own process so
 * that killing a node does not take the fleet's database with it.
 */
@Command(
    name = "database",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the embedded PostgreSQL alone, for a local fleet whose nodes share it; prints its JDBC"
          + " URL and the file holding its password (give it to nodes with"
          + " --database-password-file), and serves until interrupted."
    })
final class DatabaseMain implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--data-dir",
      description = "Where the database keeps its files (default: ${DEFAULT-VALUE}).")
  Path dataDir = Path.of(".rtfleet", "database");

  @Override
  public Integer call() throws Exception {
    Path passwordFile = dataDir.resolve("database-password");
    Database database =
        Database.embedded(dataDir.resolve("postgres"), NodeSecrets.readOrCreate(passwordFile));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    database.close();
                  } catch (java.io.IOException failed) {
                    System.err.println("database: " + failed.getMessage());
                  }
                  stopped.countDown();
                }));
    PrintWriter out = spec.commandLine().getOut();
    out.printf("database  %s%n", database.jdbcUrl());
    out.printf("password  in %s%n", passwordFile.toAbsolutePath());
    out.flush();
    stopped.await();
    return 0;
  }
}
