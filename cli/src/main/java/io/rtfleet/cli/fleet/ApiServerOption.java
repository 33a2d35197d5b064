package io.rtfleet.cli.fleet;

import io.rtfleet.cli.launch.Home;
import io.rtfleet.testing.kube.KubeControlPlane;
import io.rtfleet.testing.kube.ShippedManifests;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --api-server mock|real}: which Kubernetes API server a fleet run on this machine uses
 * ({@code rtctl dev up}, {@code rtctl bench rollout}): Fabric8's mock in rtctl's process, or the
 * real one of an rtfleet checkout's Kubernetes test harness.
 */
public final class ApiServerOption {
  /** The API servers there are. */
  public enum ApiServer {
    mock,
    real
  }

  /** A real API server started, and what rtfleet ships to install on it. */
  public record Real(KubeControlPlane plane, ShippedManifests manifests) {}

  @Option(
      names = "--api-server",
      paramLabel = "mock|real",
      description =
          "mock: Fabric8's mock API server in this process (default). real: etcd,"
              + " kube-apiserver and kube-controller-manager of the Kubernetes test harness"
              + " (built by testing/kube/build.sh, once per machine: Go, ~12 min), with the CRDs"
              + " and the operator's RBAC from manifests/, the operator under its own"
              + " ServiceAccount.")
  ApiServer apiServer = ApiServer.mock;

  /** The real API server started (building the harness first if need be); null for the mock. */
  public Real startReal(PrintWriter progress) {
    if (apiServer == ApiServer.mock) {
      return null;
    }
    Path build =
        Home.findAbove("testing", "kube", "build.sh")
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "--api-server real runs the Kubernetes test harness of an rtfleet"
                            + " checkout (testing/kube/build.sh), and there is none at "
                            + Home.resolve("").toAbsolutePath()));
    progress.printf(
        "  starting a real API server: etcd, kube-apiserver, kube-controller-manager (%s)%n",
        build);
    progress.flush();
    return new Real(
        KubeControlPlane.startBuiltBy(build),
        new ShippedManifests(Home.findAbove("manifests").orElseThrow()));
  }

  public boolean real() {
    return apiServer == ApiServer.real;
  }
}
