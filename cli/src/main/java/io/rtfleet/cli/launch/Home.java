package io.rtfleet.cli.launch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The checkout rtctl runs from, as the {@code ./rtctl} launcher names it ({@code -Drtfleet.home}),
 * so that its default paths (the node jar, {@code .rtfleet/dev}) hold wherever it is run from;
 * without the launcher, the working directory.
 */
public final class Home {
  private Home() {}

  public static Path resolve(String first, String... more) {
    return Path.of(System.getProperty("rtfleet.home", "")).resolve(Path.of(first, more));
  }

  /**
   * A file of the checkout, looked for from the checkout's directory up (run from a module's
   * directory, as its tests are, the checkout is above it); empty when there is none.
   */
  public static Optional<Path> findAbove(String first, String... more) {
    Path relative = Path.of(first, more);
    for (Path dir = resolve("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve(relative))) {
        return Optional.of(dir.resolve(relative));
      }
    }
    return Optional.empty();
  }
}
