package io.rtfleet.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A kubeconfig for a test's API server, as an SRE's points at a cluster. */
public final class TestKubeconfig {
  private TestKubeconfig() {}

  /** {@code directory/kubeconfig}: one context, on {@code server}, in {@code namespace}. */
  public static Path write(Path directory, String server, String namespace) throws IOException {
    return Files.writeString(
        directory.resolve("kubeconfig"),
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- name: local",
            "  cluster: {server: '" + server + "'}",
            "users:",
            "- name: local",
            "  user: {}",
            "contexts:",
            "- name: local",
            "  context: {cluster: local, user: local, namespace: " + namespace + "}",
            "current-context: local",
            ""));
  }
}
