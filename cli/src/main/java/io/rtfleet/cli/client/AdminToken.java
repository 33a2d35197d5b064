package io.rtfleet.cli.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A running node's admin token as an SRE hands it to rtctl: in a file, or in the environment
 * variable {@code RTCTL_ADMIN_TOKEN}, never on the command line (where {@code ps} and shell history
 * would show it).
 */
public final class AdminToken {
  public static final String ENVIRONMENT = "RTCTL_ADMIN_TOKEN";

  private AdminToken() {}

  /**
   * The token in {@code file}, else in the environment; a usage error naming both ways when there
   * is none.
   */
  public static String read(Path file, String neededFor) throws IOException {
    String token = System.getenv(ENVIRONMENT);
    if (file != null) {
      try {
        token = Files.readString(file).strip();
      } catch (NoSuchFileException missing) {
        throw new IllegalArgumentException("--admin-token-file " + file + ": no such file");
      }
    }
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException(
          "the admin token is required with "
              + neededFor
              + ": --admin-token-file or env "
              + ENVIRONMENT);
    }
    return token;
  }
}
