package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.rtfleet.api.crd.GuildRebalance;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.controller.model.FleetLabels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/**
 * The names {@code rtctl shell} completes after a command that takes a fleet, a node or a
 * rebalance: read from the current kubeconfig's namespace when Tab is pressed. Only in the shell
 * (which sets {@value #IN_SHELL}): a completion script ({@code rtctl completion bash}) would
 * otherwise carry the names of the moment it was made. Never fails: no cluster, no names.
 */
public final class ResourceNames {
  /** The system property the shell sets. */
  public static final String IN_SHELL = "rtctl.shell";

  private ResourceNames() {}

  /** Fleet names. */
  public static final class Fleets implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return names(
          client ->
              client
                  .resources(RealtimeFleet.class)
                  .inNamespace(client.getNamespace())
                  .list()
                  .getItems());
    }
  }

  /** Node (pod) names of every fleet. */
  public static final class Nodes implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return names(
          client ->
              client
                  .pods()
                  .inNamespace(client.getNamespace())
                  .withLabel(FleetLabels.NAME, FleetLabels.NODE_NAME)
                  .list()
                  .getItems());
    }
  }

  /** GuildRebalance names. */
  public static final class Rebalances implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return names(
          client ->
              client
                  .resources(GuildRebalance.class)
                  .inNamespace(client.getNamespace())
                  .list()
                  .getItems());
    }
  }

  private static Iterator<String> names(
      Function<KubernetesClient, List<? extends HasMetadata>> list) {
    if (!Boolean.getBoolean(IN_SHELL) || !hasKubeconfig()) {
      return List.<String>of().iterator();
    }
    Config config = Config.autoConfigure(null);
    config.setConnectionTimeout(1000);
    config.setRequestTimeout(2000);
    if (config.getNamespace() == null) {
      config.setNamespace("default");
    }
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      return list.apply(client).stream().map(r -> r.getMetadata().getName()).sorted().iterator();
    } catch (RuntimeException unreachable) {
      return List.<String>of().iterator();
    }
  }

  private static boolean hasKubeconfig() {
    String fromEnvironment = System.getenv("KUBECONFIG");
    return (fromEnvironment != null && !fromEnvironment.isBlank())
        || Files.isRegularFile(Path.of(System.getProperty("user.home"), ".kube", "config"));
  }
}
