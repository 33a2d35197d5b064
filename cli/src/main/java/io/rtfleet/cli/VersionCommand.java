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
    out.printf("rtctl      %s%n", Rtctl.VERSION);
    out.printf("admin API  %s to %s%n", AdminPaths.OLDEST_VERSION, AdminPaths.VERSION);
    out.printf(
        "Java       %s (%s)%n",
        Runtime.version(), System.getProperty("java.vendor", "unknown vendor"));
    out.flush();
    return 0;
  }
}
