package io.rtfleet.localkube;

import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/** One pod's process: started from its {@link PodCommand}, probed, stopped as a kubelet does. */
final class LocalPod {
  private static final HttpClient PROBES =
      HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

  private final String namespace;
  private final String name;
  private final String uid;
  private final Map<String, String> labels;
  private final String address;
  private final HTTPGetAction readiness;
  private final Process process;

  private LocalPod(
      String namespace,
      String name,
      String uid,
      Map<String, String> labels,
      String address,
      HTTPGetAction readiness,
      Process process) {
    this.namespace = namespace;
    this.name = name;
    this.uid = uid;
    this.labels = labels == null ? Map.of() : Map.copyOf(labels);
    this.address = address;
    this.readiness = readiness;
    this.process = process;
  }

  static LocalPod start(Pod pod, PodCommand command, Path directory, String address)
      throws IOException {
    Files.createDirectories(directory.resolve("volumes"));
    for (Map.Entry<Path, byte[]> file : command.files().entrySet()) {
      Files.createDirectories(file.getKey().getParent());
      Files.write(file.getKey(), file.getValue());
      Files.setPosixFilePermissions(file.getKey(), PosixFilePermissions.fromString("rw-------"));
    }
    ProcessBuilder builder =
        new ProcessBuilder(command.command())
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("node.log").toFile());
    builder.environment().putAll(command.environment());
    var probe = pod.getSpec().getContainers().get(0).getReadinessProbe();
    return new LocalPod(
        pod.getMetadata().getNamespace(),
        pod.getMetadata().getName(),
        pod.getMetadata().getUid(),
        pod.getMetadata().getLabels(),
        address,
        probe == null ? null : probe.getHttpGet(),
        builder.start());
  }

  String key() {
    return namespace + "/" + name;
  }

  /**
   * Whether this runs {@code pod}, not an earlier pod of the same name: a pod deleted and made
   * again under its name (a replaced node) is another pod.
   */
  boolean runs(Pod pod) {
    return Objects.equals(uid, pod.getMetadata().getUid());
  }

  String address() {
    return address;
  }

  /** The pod as a Service sees it; probed where its readiness probe says. */
  LocalServices.Endpoint endpoint() {
    return new LocalServices.Endpoint(
        namespace,
        name,
        labels,
        address,
        readiness == null ? 0 : readiness.getPort().getIntVal(),
        readiness == null || readiness.getPath() == null ? "/" : readiness.getPath());
  }

  Process process() {
    return process;
  }

  /** The readiness probe's answer now: ready without a probe once the process runs. */
  boolean ready() {
    if (!process.isAlive()) {
      return false;
    }
    if (readiness == null) {
      return true;
    }
    URI uri =
        URI.create(
            "http://"
                + address
                + ":"
                + readiness.getPort().getIntVal()
                + (readiness.getPath() == null ? "/" : readiness.getPath()));
    try {
      HttpResponse<Void> answer =
          PROBES.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(1)).build(),
              HttpResponse.BodyHandlers.discarding());
      return answer.statusCode() >= 200 && answer.statusCode() < 400;
    } catch (IOException refused) {
      return false;
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** SIGTERM, then SIGKILL once {@code grace} has passed; returns once the process is gone. */
  void stop(Duration grace) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      process.waitFor();
    }
  }
}
