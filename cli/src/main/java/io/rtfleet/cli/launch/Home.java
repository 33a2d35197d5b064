package io.rtfleet.cli.launch;

import java.nio.file.Path;

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
}
