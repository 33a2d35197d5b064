package io.rtfleet.cli.dev;

/**
 * A kubeconfig with one context, {@value #CONTEXT}, for the local API server, which listens on
 * plain HTTP on loopback and asks for no credentials.
 */
final class Kubeconfig {
  static final String CONTEXT = "rtfleet-dev";

  private Kubeconfig() {}

  static String forServer(String server, String namespace) {
    return String.join(
        "\n",
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: " + CONTEXT,
        "  cluster:",
        "    server: " + server,
        "users:",
        "- name: " + CONTEXT,
        "  user: {}",
        "contexts:",
        "- name: " + CONTEXT,
        "  context:",
        "    cluster: " + CONTEXT,
        "    user: " + CONTEXT,
        "    namespace: " + namespace,
        "current-context: " + CONTEXT,
        "");
  }
}
