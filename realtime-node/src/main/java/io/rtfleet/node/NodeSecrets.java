package io.rtfleet.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Reads a secret from a file, or on first start generates one into that file readable only by its
 * owner. Secrets are never printed: the node names the file instead.
 */
final class NodeSecrets {
  private static final SecureRandom RANDOM = new SecureRandom();

  private NodeSecrets() {}

  static String readOrCreate(Path file) throws IOException {
    if (Files.exists(file)) {
      return read(file);
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String secret = HexFormat.of().formatHex(bytes);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
    return secret;
  }

  /** The secret in an existing file; the file's name, never its content, in any error. */
  static String read(Path file) throws IOException {
    String secret = Files.readString(file, StandardCharsets.UTF_8).strip();
    if (secret.isEmpty()) {
      throw new IOException("secret file is empty: " + file);
    }
    return secret;
  }
}
