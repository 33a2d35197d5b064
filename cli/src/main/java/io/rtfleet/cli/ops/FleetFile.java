package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.rtfleet.api.crd.RealtimeFleet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A RealtimeFleet read from a file, as 'apply -f' and 'dev up -f' take it. */
public final class FleetFile {
  private FleetFile() {}

  /** The file's fleet; a usage error naming the file for anything else. */
  public static RealtimeFleet read(Path file) {
    RealtimeFleet fleet;
    try (InputStream text = Files.newInputStream(file)) {
      fleet = Serialization.unmarshal(text, RealtimeFleet.class);
    } catch (IOException | RuntimeException unreadable) {
      throw new IllegalArgumentException(
          file + " is not a RealtimeFleet: " + unreadable.getMessage(), unreadable);
    }
    if (fleet == null || fleet.getSpec() == null || fleet.getMetadata().getName() == null) {
      throw new IllegalArgumentException(file + " is not a RealtimeFleet with a name and a spec");
    }
    return fleet;
  }
}
