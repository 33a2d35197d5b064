package io.rtfleet.controller.model;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.rtfleet.api.crd.NodeOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pod of one node, as the operator creates it (no StatefulSet: the operator chooses which node
 * goes, when, and after what). Pure: the same fleet, settings, revision and name give the same pod.
 *
 * <p>Every node listens on the same ports ({@link #GATEWAY_PORT}, {@link #ADMIN_PORT}, {@link
 * #PEER_PORT}) at its pod's IP. The secrets come from the fleet's Secret as files, never as
 * arguments; the database URL from the Secret the spec names, as an environment variable the node
 * reads. The grace period is the fleet's drain budget, so that a pod deleted by hand drains (the
 * node drains itself on SIGTERM) before it is killed.
 */
public final class NodePods {
  public static final int GATEWAY_PORT = 8080;
  public static final int ADMIN_PORT = 8081;
  public static final int PEER_PORT = 7000;

  /** {@code template.options.fleetReconnectsPerSecond}'s default, as the schema has it. */
  static final int FLEET_RECONNECTS_PER_SECOND = 5000;

  public static final String CONTAINER = "node";
  static final String SECRETS_DIR = "/etc/rtfleet/secrets";
  static final String DATABASE_PASSWORD_DIR = "/etc/rtfleet/database";
  static final String DATA_DIR = "/var/lib/rtfleet";

  private NodePods() {}

  /** The name of node {@code ordinal} of {@code fleet}, which is also its node id. */
  public static String name(String fleet, int ordinal) {
    return fleet + "-" + ordinal;
  }

  /** Whether a pod's node is ready: its Ready condition, as the kubelet reports it. */
  /** The pod's annotation {@code key}, null when it has none (or, on the mock server, null). */
  public static String annotation(Pod pod, String key) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  public static boolean ready(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  public static Pod desired(
      String namespace,
      String fleet,
      OwnerReference owner,
      FleetSettings settings,
      String revision,
      String name) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(FleetLabels.pod(fleet, revision))
        .withOwnerReferences(owner)
        .endMetadata()
        .withNewSpec()
        .withHostname(name)
        .withSubdomain(FleetObjects.peerServiceName(fleet))
        .withTerminationGracePeriodSeconds(settings.drainBudget().toSeconds())
        .withRestartPolicy("Never")
        // A node never calls the Kubernetes API: no token of the namespace's ServiceAccount in it.
        .withAutomountServiceAccountToken(false)
        .addToContainers(
            new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(settings.image())
                .withImagePullPolicy(settings.imagePullPolicy())
                .withArgs(arguments(namespace, fleet, settings, name))
                .withEnv(environment(settings))
                .withResources(settings.resources())
                .addNewPort()
                .withName("gateway")
                .withContainerPort(GATEWAY_PORT)
                .endPort()
                .addNewPort()
                .withName("admin")
                .withContainerPort(ADMIN_PORT)
                .endPort()
                .addNewPort()
                .withName("peer")
                .withContainerPort(PEER_PORT)
                .endPort()
                .withReadinessProbe(probe("/readyz", 1))
                .withLivenessProbe(probe("/healthz", 3))
                .addNewVolumeMount()
                .withName("secrets")
                .withMountPath(SECRETS_DIR)
                .withReadOnly(true)
                .endVolumeMount()
                .addNewVolumeMount()
                .withName("data")
                .withMountPath(DATA_DIR)
                .endVolumeMount()
                .addAllToVolumeMounts(
                    settings.databasePassword() == null
                        ? List.of()
                        : List.of(
                            new VolumeMountBuilder()
                                .withName("database-password")
                                .withMountPath(DATABASE_PASSWORD_DIR)
                                .withReadOnly(true)
                                .build()))
                .build())
        .addNewVolume()
        .withName("secrets")
        .withNewSecret()
        .withSecretName(FleetObjects.secretName(fleet))
        .endSecret()
        .endVolume()
        .addNewVolume()
        .withName("data")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .addAllToVolumes(
            settings.databasePassword() == null
                ? List.of()
                : List.of(
                    new VolumeBuilder()
                        .withName("database-password")
                        .withNewSecret()
                        .withSecretName(settings.databasePassword().getName())
                        .addNewItem()
                        .withKey(settings.databasePassword().getKey())
                        .withPath("password")
                        .endItem()
                        .endSecret()
                        .build()))
        .endSpec()
        .build();
  }

  /** The node's command line (the image's entrypoint runs realtime-node with it). */
  static List<String> arguments(
      String namespace, String fleet, FleetSettings settings, String name) {
    List<String> args = new ArrayList<>();
    add(args, "--node-id", name);
    add(args, "--host", "0.0.0.0");
    add(args, "--port", Integer.toString(GATEWAY_PORT));
    add(args, "--admin-host", "0.0.0.0");
    add(args, "--admin-port", Integer.toString(ADMIN_PORT));
    add(args, "--peer-port", Integer.toString(PEER_PORT));
    // Clients told to reconnect (op 7) go back through the fleet's Service, to a ready node.
    add(args, "--public-url", "ws://" + fleet + "." + namespace + ".svc:" + GATEWAY_PORT);
    add(args, "--data-dir", DATA_DIR);
    add(args, "--token-secret-file", SECRETS_DIR + "/" + FleetObjects.TOKEN_SECRET_KEY);
    add(args, "--admin-token-file", SECRETS_DIR + "/" + FleetObjects.ADMIN_TOKEN_KEY);
    add(args, "--fleet-secret-file", SECRETS_DIR + "/" + FleetObjects.FLEET_SECRET_KEY);
    if (settings.databasePassword() != null) {
      add(args, "--database-password-file", DATABASE_PASSWORD_DIR + "/password");
    }
    // A pod deleted by someone else drains itself, paced as the operator paces drains.
    add(args, "--drain-on-stop-seconds", Long.toString(settings.drainOnStop().toSeconds()));
    add(args, "--drain-wave-size", Integer.toString(settings.drainWaveSize()));
    add(args, "--drain-wave-interval-ms", Long.toString(settings.drainWaveInterval().toMillis()));
    add(args, "--drain-readiness-delay-ms", Long.toString(settings.readinessDelay().toMillis()));
    NodeOptions options = settings.nodeOptions();
    if (options.getHeartbeatIntervalMillis() != null) {
      add(args, "--heartbeat-interval-ms", options.getHeartbeatIntervalMillis().toString());
    }
    if (options.getResumeWindowSeconds() != null) {
      add(args, "--resume-window-seconds", options.getResumeWindowSeconds().toString());
    }
    if (options.getClientEventsPerMinute() != null) {
      add(args, "--client-events-per-minute", options.getClientEventsPerMinute().toString());
    }
    if (options.getRestRequestsPerSecond() != null) {
      add(args, "--rest-requests-per-second", options.getRestRequestsPerSecond().toString());
    }
    if (options.getMaxPayloadBytes() != null) {
      add(args, "--max-payload-bytes", options.getMaxPayloadBytes().toString());
    }
    if (options.getMaxConcurrency() != null) {
      add(args, "--max-concurrency", options.getMaxConcurrency().toString());
    }
    // Always capped: the schema's default where the spec says nothing (the mock has no schema).
    add(
        args,
        "--fleet-reconnects-per-second",
        Integer.toString(
            options.getFleetReconnectsPerSecond() == null
                ? FLEET_RECONNECTS_PER_SECOND
                : options.getFleetReconnectsPerSecond()));
    return args;
  }

  private static List<EnvVar> environment(FleetSettings settings) {
    List<EnvVar> env = new ArrayList<>();
    env.add(
        new EnvVarBuilder()
            .withName("RTFLEET_DATABASE_URL")
            .withNewValueFrom()
            .withSecretKeyRef(settings.databaseUrl())
            .endValueFrom()
            .build());
    // The pod's uid tells this node from an earlier one of the same name, drained and deleted.
    env.add(
        new EnvVarBuilder()
            .withName("RTFLEET_INCARNATION")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("metadata.uid")
            .endFieldRef()
            .endValueFrom()
            .build());
    if (!settings.jvmOptions().isEmpty()) {
      env.add(new EnvVar("JAVA_TOOL_OPTIONS", String.join(" ", settings.jvmOptions()), null));
    }
    env.addAll(settings.env());
    return env;
  }

  private static Probe probe(String path, int failureThreshold) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withPort(new IntOrString(ADMIN_PORT))
        .endHttpGet()
        .withPeriodSeconds(1)
        .withFailureThreshold(failureThreshold)
        .build();
  }

  private static void add(List<String> args, String option, String value) {
    args.add(option);
    args.add(value);
  }
}
