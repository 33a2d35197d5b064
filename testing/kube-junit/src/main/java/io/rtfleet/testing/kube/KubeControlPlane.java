package io.rtfleet.testing.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Kubernetes control plane on loopback: etcd, kube-apiserver and kube-controller-manager,
 * started by the harness launcher built by {@code testing/kube/build.sh}. The launcher watches its
 * standard input, so the control plane stops with this object, and also when the JVM dies however
 * it dies (the pipe closes); its components die with the launcher (the kernel's parent-death
 * signal).
 */
public final class KubeControlPlane implements AutoCloseable {

  private static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private final Process launcher;
  private final Kubectl kubectl;
  private final String server;
  private final Path kubeconfig;
  private final Path workDir;
  private final Path caCertificate;
  private final Path webhookCertificate;
  private final Path webhookKey;
  private final Duration startup;
  private final List<KubernetesClient> clients = new ArrayList<>();

  private KubeControlPlane(Process launcher, Path binaries, JsonNode ready) {
    this.launcher = launcher;
    this.server = ready.path("server").asText();
    this.kubeconfig = Path.of(ready.path("kubeconfig").asText());
    this.kubectl = new Kubectl(binaries.resolve("kubectl"), kubeconfig);
    this.workDir = Path.of(ready.path("dir").asText());
    this.caCertificate = Path.of(ready.path("ca").asText());
    this.webhookCertificate = Path.of(ready.path("webhookCert").asText());
    this.webhookKey = Path.of(ready.path("webhookKey").asText());
    this.startup = Duration.ofMillis(ready.path("startupMillis").asLong());
  }

  /** Starts a control plane with the binaries in the given directory; returns once it is ready. */
  public static KubeControlPlane start(Path binaries) {
    ProcessBuilder builder =
        new ProcessBuilder(binaries.resolve("harness").toString(), "-stdin")
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    Process launcher;
    try {
      launcher = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run the kube harness in " + binaries, e);
    }
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      if (line == null) {
        int exit = launcher.waitFor();
        throw new IllegalStateException(
            "the kube control plane did not start (harness exited " + exit + "; see its output)");
      }
      return new KubeControlPlane(launcher, binaries, new ObjectMapper().readTree(line));
    } catch (IOException e) {
      launcher.destroyForcibly();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      launcher.destroyForcibly();
      throw e;
    } catch (InterruptedException e) {
      launcher.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the control plane started", e);
    }
  }

  /**
   * Starts a control plane with the binaries {@code buildScript} ({@code testing/kube/build.sh})
   * names: built the first time on a machine (Go, about 12 minutes), from its cache after.
   */
  public static KubeControlPlane startBuiltBy(Path buildScript) {
    return start(HarnessBinaries.build(buildScript));
  }

  /** The API server's address, {@code https://127.0.0.1:port}. */
  public String server() {
    return server;
  }

  /** A kubeconfig whose current context is the cluster's admin (group system:masters). */
  public Path kubeconfig() {
    return kubeconfig;
  }

  /** The certificate authority the API server trusts; put it in a webhook's caBundle. */
  public Path caCertificate() {
    return caCertificate;
  }

  /** A serving certificate for 127.0.0.1 signed by {@link #caCertificate()}, for a webhook. */
  public Path webhookCertificate() {
    return webhookCertificate;
  }

  /** The PKCS #8 private key of {@link #webhookCertificate()}. */
  public Path webhookKey() {
    return webhookKey;
  }

  /** From launching the harness to a ready API server and running controllers. */
  public Duration startup() {
    return startup;
  }

  /** The directory holding the components' logs, etcd's data and the credentials. */
  public Path workDir() {
    return workDir;
  }

  /** The process ids of the launcher and of every component it started. */
  public List<Long> processIds() {
    List<Long> ids = new ArrayList<>();
    ids.add(launcher.pid());
    launcher.descendants().forEach(p -> ids.add(p.pid()));
    return ids;
  }

  /** The admin's client, closed with the control plane. */
  public KubernetesClient client() {
    return client(adminConfig());
  }

  /** A client with the given configuration, closed with the control plane. */
  public synchronized KubernetesClient client(Config config) {
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    clients.add(client);
    return client;
  }

  /** The admin's configuration, from the kubeconfig, to adapt (a token, impersonation). */
  public Config adminConfig() {
    try {
      return Config.fromKubeconfig(Files.readString(kubeconfig));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs the harness's kubectl against this cluster. */
  public Kubectl.Result kubectl(String... args) {
    return kubectl.run(args);
  }

  /** Stops every component and waits for them; kills what does not stop in 30 s. */
  @Override
  public synchronized void close() {
    clients.forEach(KubernetesClient::close);
    clients.clear();
    List<ProcessHandle> components = launcher.descendants().toList();
    try {
      launcher.getOutputStream().close();
      if (!launcher.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
        launcher.destroyForcibly().waitFor();
      }
    } catch (IOException e) {
      launcher.destroyForcibly();
    } catch (InterruptedException e) {
      launcher.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    components.forEach(ProcessHandle::destroyForcibly);
  }
}
