package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.cli.exit.ExitCodes;
import io.rtfleet.controller.model.RevisionHistory;
import io.rtfleet.localkube.KubectlAge;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = {
      "List a fleet's revisions (one per node template it has rolled out, the newest last, as"
          + " kubectl rollout history lists a StatefulSet's), which nodes run each, and why each"
          + " was made (the fleet's kubernetes.io/change-cause annotation at the time).",
      "--revision N prints that revision's template and database.",
      "-o json|yaml prints one item per revision with the table's columns; -o name the"
          + " ControllerRevisions.",
    })
final class RolloutHistoryCommand implements Callable<Integer> {
  @Mixin KubeOptions kube;

  @Mixin OutputOptions output;

  @Parameters(paramLabel = "FLEET", completionCandidates = ResourceNames.Fleets.class)
  String name;

  @Option(names = "--revision", paramLabel = "N", description = "Show one revision in full.")
  Long revision;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (KubernetesClient client = kube.client()) {
      RealtimeFleet fleet = Fleets.read(client, name);
      if (revision != null) {
        ControllerRevision shown = Revisions.numbered(client, name, revision);
        Map<String, Object> recorded = new LinkedHashMap<>();
        recorded.put("template", RevisionHistory.template(shown));
        recorded.put("database", RevisionHistory.database(shown));
        out.printf(
            "fleet %s, revision %d (%s)%n%s",
            name, revision, Revisions.hash(name, shown), Serialization.asYaml(recorded));
        out.flush();
        return ExitCodes.OK;
      }
      List<ControllerRevision> history = Revisions.of(client, name);
      if (history.isEmpty()) {
        spec.commandLine()
            .getErr()
            .printf("fleet %s has no recorded revision yet (the operator records them)%n", name);
        spec.commandLine().getErr().flush();
        return ExitCodes.OK;
      }
      String current = fleet.getStatus() == null ? null : fleet.getStatus().getCurrentRevision();
      String update = fleet.getStatus() == null ? null : fleet.getStatus().getUpdateRevision();
      List<RevisionRow> rows = new ArrayList<>();
      Instant now = Instant.now();
      for (ControllerRevision entry : history) {
        String hash = Revisions.hash(name, entry);
        long nodes =
            fleet.getStatus() == null || fleet.getStatus().getNodes() == null
                ? 0
                : fleet.getStatus().getNodes().stream()
                    .filter(node -> hash.equals(node.getRevision()))
                    .count();
        String role =
            hash.equals(update) && !hash.equals(current)
                ? "rolling out"
                : hash.equals(current) ? "current" : null;
        Map<String, String> annotations = entry.getMetadata().getAnnotations();
        rows.add(
            new RevisionRow(
                entry.getRevision(),
                hash,
                role,
                nodes,
                entry.getMetadata().getCreationTimestamp(),
                annotations == null ? null : annotations.get(RevisionHistory.CHANGE_CAUSE),
                entry.getMetadata().getName()));
      }
      output.print(
          out,
          rows,
          () -> {
            Table table = new Table("REVISION", "HASH", "NODES", "AGE", "CHANGE-CAUSE");
            rows.forEach(
                row ->
                    table.row(
                        row.revision() + (row.role() == null ? "" : " (" + row.role() + ")"),
                        row.hash(),
                        row.nodes(),
                        KubectlAge.of(row.created(), now),
                        row.changeCause()));
            return table;
          },
          row -> "controllerrevision.apps/" + row.object());
      return ExitCodes.OK;
    }
  }

  /** One revision as the history shows it; {@code object} is its ControllerRevision's name. */
  record RevisionRow(
      long revision,
      String hash,
      String role,
      long nodes,
      String created,
      String changeCause,
      String object) {}
}
