package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.api.crd.RealtimeFleetStatus;
import io.rtfleet.cli.exit.ExitCodes;
import io.rtfleet.localkube.KubectlAge;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "list",
    aliases = "ls",
    mixinStandardHelpOptions = true,
    description = "List the fleets of a namespace (-A: of every namespace).")
final class FleetListCommand implements Callable<Integer> {
  /** The columns, the last three for -o wide only. */
  private static final List<String> HEADERS =
      List.of(
          "NAME",
          "READY",
          "NODES",
          "SESSIONS",
          "GUILDS",
          "EPOCH",
          "ROLLOUT",
          "AGE",
          "UPDATED",
          "REVISION",
          "SLOTS");

  @Mixin KubeOptions kube;

  @Mixin OutputOptions output;

  @Mixin WatchOption watch;

  @Option(
      names = {"-A", "--all-namespaces"},
      description = "Every namespace's fleets.")
  boolean allNamespaces;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    try (KubernetesClient client = kube.client()) {
      PrintWriter out = spec.commandLine().getOut();
      List<RealtimeFleet> fleets = read(client);
      if (fleets.isEmpty() && output.forPeople()) {
        spec.commandLine()
            .getErr()
            .printf(
                "no fleets%s%n",
                allNamespaces ? "" : " in namespace " + client.getNamespace() + " (-A: all)");
        spec.commandLine().getErr().flush();
      } else {
        output.print(out, fleets, () -> table(fleets), FleetListCommand::name);
      }
      if (watch.watch) {
        watch.follow(
            out,
            output,
            fleets,
            () -> read(client),
            this::table,
            fleet -> fleet.getMetadata().getNamespace() + "/" + fleet.getMetadata().getName(),
            FleetListCommand::name);
      }
      return ExitCodes.OK;
    }
  }

  private List<RealtimeFleet> read(KubernetesClient client) {
    return (allNamespaces
            ? client.resources(RealtimeFleet.class).inAnyNamespace()
            : client.resources(RealtimeFleet.class).inNamespace(client.getNamespace()))
        .list().getItems().stream()
            .sorted(
                Comparator.comparing((RealtimeFleet f) -> f.getMetadata().getNamespace())
                    .thenComparing(f -> f.getMetadata().getName()))
            .toList();
  }

  private static String name(RealtimeFleet fleet) {
    return "realtimefleet.rtfleet.io/" + fleet.getMetadata().getName();
  }

  private Table table(List<RealtimeFleet> fleets) {
    List<String> headers = new ArrayList<>(HEADERS);
    if (allNamespaces) {
      headers.add(0, "NAMESPACE");
    }
    Table table = new Table(headers.toArray(String[]::new));
    Instant now = Instant.now();
    for (RealtimeFleet fleet : fleets) {
      RealtimeFleetStatus status =
          fleet.getStatus() == null ? new RealtimeFleetStatus() : fleet.getStatus();
      List<Object> cells =
          new ArrayList<>(
              Arrays.asList(
                  fleet.getMetadata().getName(),
                  status.getReady(),
                  status.getReplicas(),
                  status.getSessions(),
                  status.getGuilds(),
                  status.getPlacementEpoch(),
                  status.getRollout(),
                  KubectlAge.of(fleet.getMetadata().getCreationTimestamp(), now),
                  status.getUpdatedReplicas(),
                  status.getCurrentRevision(),
                  fleet.getSpec().getPlacement() == null
                      ? null
                      : fleet.getSpec().getPlacement().getSlotCount()));
      if (allNamespaces) {
        cells.add(0, fleet.getMetadata().getNamespace());
      }
      table.row(cells.toArray());
    }
    return output.wide() ? table : table.hidingLast(3);
  }
}
