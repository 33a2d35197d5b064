package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.cli.exit.ExitCodes;
import io.rtfleet.controller.model.Revision;
import io.rtfleet.controller.model.RevisionHistory;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "undo",
    mixinStandardHelpOptions = true,
    description = {
      "Roll a fleet back to an earlier revision (the one before the newest, or --to-revision N):"
          + " puts that revision's node template and database back into the fleet's spec, which"
          + " the operator rolls out drain-first like any change. The revision is renumbered as"
          + " the newest, as kubectl rollout undo does.",
      "'rtctl rollout history FLEET' lists the revisions.",
    })
final class RolloutUndoCommand implements Callable<Integer> {
  @Mixin KubeOptions kube;

  @Parameters(paramLabel = "FLEET", completionCandidates = ResourceNames.Fleets.class)
  String name;

  @Option(names = "--to-revision", paramLabel = "N", description = "The revision to go back to.")
  Long toRevision;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (KubernetesClient client = kube.client()) {
      RealtimeFleet fleet = Fleets.read(client, name);
      String now = Revision.of(fleet.getSpec().getTemplate(), fleet.getSpec().getDatabase());
      ControllerRevision target;
      if (toRevision != null) {
        target = Revisions.numbered(client, name, toRevision);
      } else {
        List<ControllerRevision> earlier =
            Revisions.of(client, name).stream()
                .filter(revision -> !Revisions.hash(name, revision).equals(now))
                .toList();
        if (earlier.isEmpty()) {
          throw new IllegalArgumentException(
              "fleet " + name + " has no earlier revision to go back to");
        }
        target = earlier.get(earlier.size() - 1);
      }
      String hash = Revisions.hash(name, target);
      if (hash.equals(now)) {
        out.printf("fleet %s is at revision %d (%s) already%n", name, target.getRevision(), hash);
        out.flush();
        return ExitCodes.OK;
      }
      // A JSON patch (what edit sends): a merge patch would append to the template's lists on the
      // mock server.
      Fleets.named(client, name)
          .edit(
              edited -> {
                edited.getSpec().setTemplate(RevisionHistory.template(target));
                edited.getSpec().setDatabase(RevisionHistory.database(target));
                return edited;
              });
      out.printf(
          "fleet %s rolled back to revision %d (%s); 'rtctl rollout status %s -w' follows it%n",
          name, target.getRevision(), hash, name);
      out.flush();
      return ExitCodes.OK;
    }
  }
}
