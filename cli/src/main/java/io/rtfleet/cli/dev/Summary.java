package io.rtfleet.cli.dev;

import java.io.PrintWriter;

/** What {@code rtctl dev up} tells once the fleet is ready: what runs, where, what to try. */
final class Summary {
  private Summary() {}

  static void print(PrintWriter out, DevState.Up up, DevState state) {
    String kubeconfig = state.kubeconfig().toString();
    out.printf("%nrtfleet dev is up (pid %d); 'rtctl dev down' stops it%n", up.pid());
    out.printf("  fleet       %s/%s%n", up.namespace(), up.fleet());
    out.printf(
        "  gateway     %s/?v=10&encoding=json  (every ready node behind one URL)%n",
        up.gatewayUrl());
    out.printf("  REST        %s%n", up.restUrl());
    out.printf("  API server  %s  (kubeconfig %s)%n", up.apiServer(), kubeconfig);
    out.printf("  files       %s  (node logs under %s)%n", state.directory(), state.run());
    out.printf("Get a client token (the admin token is in %s):%n", state.adminToken());
    out.printf("  rtctl dev token alice%n");
    out.printf("Then try:%n");
    out.printf("  export KUBECONFIG=%s%n", kubeconfig);
    out.printf("  kubectl get rtf,pods%n");
    out.printf("  kubectl scale rtf %s --replicas 4%n", up.fleet());
    out.printf("  kubectl annotate pod %s-1 rtfleet.io/cordon=true%n", up.fleet());
    out.printf(
        "  kubectl delete pod %s-0 --wait=false   (it drains first: its clients resume"
            + " elsewhere)%n",
        up.fleet());
    out.printf("More, and what kubectl cannot do here: docs/dev.md%n");
    out.flush();
  }
}
