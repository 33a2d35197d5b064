package io.rtfleet.localkube;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * How a node pod runs as a process on this machine: the command line, the environment and the files
 * of its volumes, worked out from the pod spec with no I/O. The image is the node jar; paths under
 * a volume's mount point move to the pod's own directory; the wildcard address {@code 0.0.0.0}
 * becomes the pod's loopback address; a Service URL becomes the local proxy's.
 */
record PodCommand(List<String> command, Map<String, String> environment, Map<Path, byte[]> files) {

  /** What the pod needs from the API server: a key of a Secret, decoded; null when absent. */
  interface Secrets {
    byte[] read(String namespace, String secret, String key);

    /** Every key of a Secret, decoded; empty when it does not exist. */
    Map<String, byte[]> readAll(String namespace, String secret);
  }

  static PodCommand of(
      Pod pod,
      String java,
      Path nodeJar,
      Path podDirectory,
      String address,
      Secrets secrets,
      UnaryOperator<String> serviceUrls) {
    String namespace = pod.getMetadata().getNamespace();
    List<Container> containers = pod.getSpec().getContainers();
    if (containers.size() != 1) {
      throw new UnsupportedPod("a node pod has one container, this one has " + containers.size());
    }
    Container container = containers.get(0);
    Map<String, Path> mounts = new LinkedHashMap<>();
    Map<Path, byte[]> files = new LinkedHashMap<>();
    for (VolumeMount mount : container.getVolumeMounts()) {
      Volume volume = volume(pod, mount.getName());
      Path local = podDirectory.resolve("volumes").resolve(mount.getName());
      mounts.put(mount.getMountPath(), local);
      if (volume.getSecret() != null) {
        files.putAll(secretFiles(namespace, volume.getSecret(), local, secrets));
      } else if (volume.getEmptyDir() == null) {
        throw new UnsupportedPod(
            "volume " + volume.getName() + ": only Secret and emptyDir volumes run locally");
      }
    }
    UnaryOperator<String> localize =
        value -> {
          if (value.equals("0.0.0.0")) {
            return address;
          }
          for (Map.Entry<String, Path> mount : mounts.entrySet()) {
            if (value.equals(mount.getKey()) || value.startsWith(mount.getKey() + "/")) {
              return mount.getValue() + value.substring(mount.getKey().length());
            }
          }
          return serviceUrls.apply(value);
        };
    Map<String, String> environment = new LinkedHashMap<>();
    if (container.getEnv() != null) {
      for (EnvVar variable : container.getEnv()) {
        environment.put(variable.getName(), localize.apply(value(pod, variable, address, secrets)));
      }
    }
    // The pod's JVM options reach the JVM through JAVA_TOOL_OPTIONS, as in the node image.
    String toolOptions = environment.getOrDefault("JAVA_TOOL_OPTIONS", "").strip();
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(
        NodeJar.classDataSharing(
            nodeJar, toolOptions.isEmpty() ? List.of() : List.of(toolOptions.split("\\s+"))));
    command.addAll(List.of("-jar", nodeJar.toString()));
    if (container.getArgs() != null) {
      container.getArgs().forEach(arg -> command.add(localize.apply(arg)));
    }
    return new PodCommand(List.copyOf(command), environment, files);
  }

  private static Volume volume(Pod pod, String name) {
    return pod.getSpec().getVolumes().stream()
        .filter(volume -> volume.getName().equals(name))
        .findFirst()
        .orElseThrow(
            () -> new UnsupportedPod("a mount names volume " + name + ", which is not there"));
  }

  private static Map<Path, byte[]> secretFiles(
      String namespace, SecretVolumeSource source, Path directory, Secrets secrets) {
    Map<String, byte[]> data = secrets.readAll(namespace, source.getSecretName());
    if (data.isEmpty() && !Boolean.TRUE.equals(source.getOptional())) {
      throw new UnsupportedPod("Secret " + source.getSecretName() + " is missing", true);
    }
    Map<Path, byte[]> files = new LinkedHashMap<>();
    if (source.getItems() == null || source.getItems().isEmpty()) {
      data.forEach((key, value) -> files.put(directory.resolve(key), value));
    } else {
      for (KeyToPath item : source.getItems()) {
        byte[] value = data.get(item.getKey());
        if (value == null) {
          throw new UnsupportedPod(
              "Secret " + source.getSecretName() + " has no key " + item.getKey(), true);
        }
        files.put(directory.resolve(item.getPath()), value);
      }
    }
    return files;
  }

  private static String value(Pod pod, EnvVar variable, String address, Secrets secrets) {
    if (variable.getValueFrom() == null) {
      return variable.getValue() == null ? "" : variable.getValue();
    }
    var from = variable.getValueFrom();
    if (from.getSecretKeyRef() != null) {
      byte[] value =
          secrets.read(
              pod.getMetadata().getNamespace(),
              from.getSecretKeyRef().getName(),
              from.getSecretKeyRef().getKey());
      if (value == null) {
        throw new UnsupportedPod(
            "environment "
                + variable.getName()
                + ": Secret "
                + from.getSecretKeyRef().getName()
                + " has no key "
                + from.getSecretKeyRef().getKey(),
            true);
      }
      return new String(value, StandardCharsets.UTF_8);
    }
    if (from.getFieldRef() != null) {
      return switch (from.getFieldRef().getFieldPath()) {
        case "metadata.name" -> pod.getMetadata().getName();
        case "metadata.namespace" -> pod.getMetadata().getNamespace();
        case "metadata.uid" -> pod.getMetadata().getUid();
        case "status.podIP" -> address;
        default ->
            throw new UnsupportedPod(
                "environment "
                    + variable.getName()
                    + ": field "
                    + from.getFieldRef().getFieldPath());
      };
    }
    throw new UnsupportedPod(
        "environment " + variable.getName() + ": only values, Secret keys and fields run locally");
  }
}
