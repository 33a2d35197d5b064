package io.rtfleet.localkube;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Kubernetes on one machine, everything but the operator: the mock API server with rtfleet's CRDs,
 * one embedded PostgreSQL for every fleet's nodes, and the local kubelet running each node pod as a
 * process. Closing it stops the nodes, then the database, then the API server.
 */
public final class LocalKube implements AutoCloseable {
  /** The Secret, in each namespace made with {@link #namespace}, that holds the database's URL. */
  public static final String DATABASE_SECRET = "database";

  private final MockApiServer api;
  private final LocalDatabase database;
  private final LocalKubelet kubelet;

  /**
   * A JVM that exits without closing this (Ctrl-C, SIGTERM) must not leave the database running. It
   * is stopped as {@link #close} stops it, not killed: its process stops PostgreSQL on the way out,
   * and a killed one would leave PostgreSQL running with nobody to stop it.
   */
  private final Thread orphanGuard;

  private LocalKube(MockApiServer api, LocalDatabase database, LocalKubelet kubelet) {
    this.api = api;
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
    LocalDatabase database = null;
    try {
      database = LocalDatabase.start(nodeJar, Files.createDirectories(directory.resolve("db")));
      LocalKubelet kubelet =
          LocalKubelet.start(
              api.client(), nodeJar, Files.createDirectories(directory.resolve("pods")));
      return new LocalKube(api, database, kubelet);
    } catch (Exception | Error failed) {
      if (database != null) {
        database.close();
      }
      api.close();
      throw failed;
    }
  }

  /**
   * Creates {@code namespace} with the Secret {@value #DATABASE_SECRET} (keys {@code url} and
   * {@code password}) that a fleet in it names as its database.
   */
  public void namespace(String namespace) throws IOException {
    KubernetesClient client = client();
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
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
    return api.client();
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
        api.close();
      }
    }
  }
}
