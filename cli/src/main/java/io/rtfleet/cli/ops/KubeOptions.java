package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Which cluster and namespace a command works on, as kubectl chooses them: {@code --kubeconfig},
 * else {@code $KUBECONFIG}, else {@code ~/.kube/config}; its current context unless {@code
 * --context}; the context's namespace unless {@code -n}, else {@code default}.
 */
public final class KubeOptions {
  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "The kubeconfig to use ('rtctl dev up' writes .rtfleet/dev/kubeconfig).")
  Path kubeconfig;

  @Option(names = "--context", description = "The kubeconfig context to use.")
  String context;

  @Option(
      names = {"-n", "--namespace"},
      description = "The namespace (default: the context's, else default).")
  String namespace;

  /** A client of the chosen cluster; a clear error when there is no kubeconfig to choose from. */
  public KubernetesClient client() throws IOException {
    Config config;
    if (kubeconfig != null) {
      if (!Files.isRegularFile(kubeconfig)) {
        throw new IllegalArgumentException("--kubeconfig " + kubeconfig + ": no such file");
      }
      config = Config.fromKubeconfig(context, Files.readString(kubeconfig), kubeconfig.toString());
    } else {
      String fromEnvironment = System.getenv("KUBECONFIG");
      Path home = Path.of(System.getProperty("user.home"), ".kube", "config");
      if ((fromEnvironment == null || fromEnvironment.isBlank()) && !Files.isRegularFile(home)) {
        throw new IllegalArgumentException(
            "no kubeconfig: pass --kubeconfig or set KUBECONFIG ('rtctl dev up' writes"
                + " .rtfleet/dev/kubeconfig)");
      }
      config = Config.autoConfigure(context);
    }
    if (namespace != null) {
      config.setNamespace(namespace);
    } else if (config.getNamespace() == null) {
      config.setNamespace("default");
    }
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
