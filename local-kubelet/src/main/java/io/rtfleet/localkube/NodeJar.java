package io.rtfleet.localkube;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How a node jar is started on this machine: with the class data sharing archive the build records
 * next to it ({@code realtime-node.jsa} beside {@code realtime-node.jar}), which spares a start
 * most of its class loading (three nodes starting side by side on two cores are up in 2.3 s instead
 * of 3.9 s). An archive older than the jar was recorded from another build and is not used; the JVM
 * would refuse it anyway, with a warning.
 */
public final class NodeJar {
  private NodeJar() {}

  /**
   * The command that starts {@code jar} with this JVM's java and {@code jvmOptions}, and its
   * archive where it can be used; the jar's own arguments follow.
   */
  public static List<String> command(Path jar, List<String> jvmOptions) {
    List<String> command = new ArrayList<>();
    command.add(java());
    command.addAll(jvmOptions);
    command.addAll(classDataSharing(jar, jvmOptions));
    command.add("-jar");
    command.add(jar.toString());
    return command;
  }

  /** This JVM's java launcher. */
  public static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * The JVM options that let a start of {@code jar} use its archive; none when it has none, or when
   * {@code jvmOptions} start a flight recording or load an agent: JDK 17 crashes loading an
   * archived class while a class file load hook is set from the start (a JVM started with both dies
   * at once, in {@code KlassFactory::check_shared_class_file_load_hook}; a recording started later
   * with jcmd is fine).
   */
  public static List<String> classDataSharing(Path jar, List<String> jvmOptions) {
    for (String option : jvmOptions) {
      if (option.startsWith("-XX:StartFlightRecording")
          || option.startsWith("-javaagent")
          || option.startsWith("-agentlib")
          || option.startsWith("-agentpath")) {
        return List.of();
      }
    }
    String name = jar.getFileName().toString();
    if (!name.endsWith(".jar")) {
      return List.of();
    }
    Path archive = jar.resolveSibling(name.substring(0, name.length() - ".jar".length()) + ".jsa");
    try {
      if (Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) < 0) {
        return List.of();
      }
    } catch (IOException noArchive) {
      return List.of();
    }
    // Quiet: a JVM of another version than the one that recorded it runs without it, and says so
    // on stdout, where launchers read the node's banner.
    return List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
  }
}
