package io.rtfleet.cli.bench;

import io.rtfleet.api.placement.SlotTable;
import io.rtfleet.cli.bench.load.LoadSession;
import io.rtfleet.cli.bench.report.BenchReport;
import io.rtfleet.cli.fleet.LocalFleet;
import io.rtfleet.coordinator.Coordinator;
import io.rtfleet.coordinator.FleetSnapshot;
import io.rtfleet.coordinator.NodeAdminClient;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "failover",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "A node dies under load: starts --nodes nodes, sessions and publishers spread over all of"
          + " them, then after --warmup kills the last node (kill -9). The coordinator notices by"
          + " health check and gives its slots to the others in one epoch, planned on its last"
          + " observation of the fleet (taken before the kill, as a controller that polls has"
          + " it; it has the dead node's slot loads); they load its guilds"
          + " from the database. Its clients reconnect to another node and, since their session"
          + " died with it, identify again (op 9); so do sessions elsewhere that followed its"
          + " guilds. Publishers whose node died go on through another.",
      "The checker excuses a re-identified session only the messages after the last it got"
          + " that were sent before its guild came back (its new GUILD_CREATE), as a client that"
          + " starts afresh expects (reported as missedAtReidentify); any other loss, duplicate or"
          + " reorder fails the run, and so does a session re-identified that had no reason to"
          + " be, or one that should have been and was not.",
      "Reports detectSeconds (kill to failed health check), reassignSeconds (detection to the new"
          + " epoch on every live node), reidentified and expectedReidentified sessions.",
      "Exits 1 when anything above fails."
    },
    footer = {
      "",
      "Example: rtctl bench failover --nodes 3 --sessions 3000 --rate 1000 --duration 30"
    })
public final class FailoverCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin TargetOptions targetOptions;
  @Mixin RunOptions run;
  @Mixin TrafficOptions traffic;
  @Mixin FleetLoadOptions load;

  @Override
  public Integer call() throws Exception {
    run.validate();
    traffic.validate();
    load.validate("failover", targetOptions);
    try (TargetOptions.Opened opened = targetOptions.open()) {
      return FleetScenario.run("failover", opened, load, run, traffic, spec, this::failover);
    }
  }

  private FleetScenario.Expectation failover(
      LocalFleet fleet, LoadRun traffic, BenchReport report, PrintWriter err) throws Exception {
    List<String> ids = fleet.nodeIds();
    String victim = ids.get(ids.size() - 1);
    Coordinator coordinator = fleet.coordinator(load.batchSlots);
    // A fleet that has run a while has applied placement changes before (every handoff pushes
    // one); the first a process applies costs it ~100 ms of loading and compiling code, which the
    // whole-table push, applied by every node at start, never did. One change (to the same owners)
    // before the kill times the failover as a running fleet sees it.
    SlotTable observed = coordinator.observe().table();
    SlotTable table = observed.apply(List.of());
    coordinator.push(observed, table);
    // What a controller polling the nodes has when one stops answering: its last observation.
    FleetSnapshot lastSeen = coordinator.observe();
    Set<Integer> expected = mustReidentify(traffic, table, ids.size() - 1, victim);
    err.printf(
        "killing %s (kill -9); %d sessions are on it or follow its guilds%n",
        victim, expected.size());
    err.flush();
    long killed = System.nanoTime();
    fleet.node(victim).kill();
    awaitDeath(fleet.node(victim).admin(), killed);
    long detected = System.nanoTime();
    coordinator.failOver(victim, lastSeen);
    long reassigned = System.nanoTime();
    err.printf(
        "%s's slots reassigned %.2f s after detection (detected %.2f s after the kill)%n",
        victim, (reassigned - detected) / 1e9, (detected - killed) / 1e9);
    err.flush();
    report
        .put("detectSeconds", (detected - killed) / 1e9)
        .put("reassignSeconds", (reassigned - detected) / 1e9);
    return settled -> {
      int reidentified = 0;
      int unexpected = 0;
      for (int i = 0; i < traffic.sessions.size(); i++) {
        boolean did = traffic.sessions.get(i).reidentifications() > 0;
        reidentified += did ? 1 : 0;
        unexpected += did != expected.contains(i) ? 1 : 0;
      }
      settled
          .put("reidentifiedSessions", reidentified)
          .put("expectedReidentified", expected.size())
          .put("reidentifiedOtherThanExpected", unexpected);
      return unexpected == 0;
    };
  }

  /** Polls the node's liveness probe every 100 ms, as a controller would, for at most 30 s. */
  private static void awaitDeath(NodeAdminClient node, long since) throws InterruptedException {
    while (node.alive().join()) {
      if (System.nanoTime() - since > TimeUnit.SECONDS.toNanos(30)) {
        throw new IllegalStateException(
            node.nodeId() + " still answers its health check 30 s after kill -9");
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }

  /**
   * The sessions that lose their session or a guild's stream with the victim: those connected to
   * it, and those following a guild it owns.
   */
  private static Set<Integer> mustReidentify(
      LoadRun traffic, SlotTable table, int victimEntry, String victim) {
    Population population = traffic.population();
    Set<Integer> expected = new HashSet<>();
    for (int i = 0; i < traffic.sessions.size(); i++) {
      LoadSession session = traffic.sessions.get(i);
      if (session.home() % traffic.entryCount() == victimEntry) {
        expected.add(i);
      }
      for (int guild : population.members().get(i).guilds()) {
        if (victim.equals(table.ownerOf(Long.parseLong(population.guilds().get(guild).id())))) {
          expected.add(i);
        }
      }
    }
    return expected;
  }
}
