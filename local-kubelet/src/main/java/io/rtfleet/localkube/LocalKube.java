package io.rtfleet.localkube;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Kubernetes on one machine, everything but the operator: the mock API server with rtfleet's CRDs
 * (or a real API server someone else runs), one embedded PostgreSQL for every fleet's nodes, and
 * the local kubelet running each node pod as a process. Closing it stops the nodes, then the
 * database, then the mock API server.
 */
public final class LocalKube implements AutoCloseable {
  /** The Secret, in each namespace made with {@link #namespace}, that holds the database's URL. */
  public static final String DATABASE_SECRET = "database";

  /** The mock API server this started and closes; null on a real one someone else runs. */
  private final MockApiServer api;

  private final KubernetesClient client;
  private final LocalDatabase database;
  private final LocalKubelet kubelet;

  /**
   * A JVM that exits without closing this (Ctrl-C, SIGTERM) must not leave the database running. It
   * is stopped as {@link #close} stops it, not killed: its process stops PostgreSQL on the way out,
   * and a killed one would leave PostgreSQL running with nobody to stop it.
   */
  private final Thread orphanGuard;

  private LocalKube(
      MockApiServer api, KubernetesClient client, LocalDatabase database, LocalKubelet kubelet) {
    this.api = api;
    this.client = client;
    this.database = database;
    this.kubelet = kubelet;
    this.orphanGuard =
        new Thread(
            () -> {
              try {
                database.close();
              } catch (InterruptedException interrupted) {
                database.kill();
              }
            },
            "local-database-orphan-guard");
    Runtime.getRuntime().addShutdownHook(orphanGuard);
  }

  /** Starts it all, keeping the database and the pods' files under {@code directory}. */
  public static LocalKube start(Path nodeJar, Path directory) throws Exception {
    MockApiServer api = MockApiServer.start();
    try {
      return start(api, api.client(), nodeJar, directory);
    } catch (Exception | Error failed) {
      api.close();
      throw failed;
    }
  }

  /**
   * The database and the kubelet on a real API server that someone else runs (and installed the
   * CRDs on), reached with {@code client}, which may create namespaces and Secrets and serve pods.
   */
  public static LocalKube on(KubernetesClient client, Path nodeJar, Path directory)
      throws Exception {
    return start(null, client, nodeJar, directory);
  }

  private static LocalKube start(
      MockApiServer api, KubernetesClient client, Path nodeJar, Path directory) throws Exception {
    LocalDatabase database =
        LocalDatabase.start(nodeJar, Files.createDirectories(directory.resolve("db")));
    try {
      LocalKubelet kubelet =
          LocalKubelet.start(client, nodeJar, Files.createDirectories(directory.resolve("pods")));
      return new LocalKube(api, client, database, kubelet);
    } catch (Exception | Error failed) {
      database.close();
      throw failed;
    }
  }

  /**
   * Creates {@code namespace} with the Secret {@value #DATABASE_SECRET} (keys {@code url} and
   * {@code password}) that a fleet in it names as its database.
   */
  public void namespace(String namespace) throws IOException {
    KubernetesClient client = client();
    // A real API server has "default" already.
    if (client.namespaces().withName(namespace).get() == null) {
      client
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();
    }
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(DATABASE_SECRET)
                .withNamespace(namespace)
                .endMetadata()
                .withStringData(Map.of("url", database.url(), "password", database.password()))
                .build())
        .create();
  }

  public KubernetesClient client() {
    return client;
  }

  public LocalKubelet kubelet() {
    return kubelet;
  }

  @Override
  public void close() throws Exception {
    try {
      Runtime.getRuntime().removeShutdownHook(orphanGuard);
    } catch (IllegalStateException exiting) {
      // the JVM is exiting: the guard runs anyway
    }
    try {
      kubelet.close();
    } finally {
      try {
        database.close();
      } finally {
        if (api != null) {
          api.close();
        }
      }
    }
  }
}
