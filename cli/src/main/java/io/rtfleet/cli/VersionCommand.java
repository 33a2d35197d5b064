package io.rtfleet.cli;

import io.rtfleet.api.admin.AdminPaths;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "version",
    mixinStandardHelpOptions = true,
    description = "Print rtctl's version, the node admin API versions it speaks, and its Java.")
final class VersionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    print(out);
    out.flush();
    return 0;
  }

  /** What {@code rtctl version} prints; no command tree needed, so it is a quick answer. */
  static void print(PrintWriter out) {
    out.printf("rtctl      %s%n", Rtctl.VERSION);
    out.printf("admin API  %s to %s%n", AdminPaths.OLDEST_VERSION, AdminPaths.VERSION);
    // The system properties rather than Runtime.version(), whose formatting spins lambdas: a
    // tenth of this quick answer's time.
    out.printf(
        "Java       %s (%s)%n",
        System.getProperty("java.runtime.version", System.getProperty("java.version")),
        System.getProperty("java.vendor", "unknown vendor"));
  }
}
