package io.rtfleet.controller.webhook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A test CA and certificates it signs, made with the machine's {@code openssl}: a serving one for
 * 127.0.0.1 (as the webhook's TLS Secret holds) and a client one (as an API server presents).
 */
public final class TestCertificates {
  private final Path directory;

  private TestCertificates(Path directory) {
    this.directory = directory;
  }

  /** A CA in {@code directory}: {@code ca.crt}, {@code ca.key}. */
  public static TestCertificates authority(Path directory)
      throws IOException, InterruptedException {
    TestCertificates certificates = new TestCertificates(directory);
    certificates.openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=test-ca",
        "-keyout",
        "ca.key",
        "-out",
        "ca.crt");
    return certificates;
  }

  public Path ca() {
    return directory.resolve("ca.crt");
  }

  /**
   * A certificate for {@code commonName} signed by the CA, valid for 127.0.0.1, written as {@code
   * name.crt} and {@code name.key} (PKCS #8).
   */
  public Path[] issue(String name, String commonName) throws IOException, InterruptedException {
    Path extensions = directory.resolve(name + ".ext");
    Files.writeString(extensions, "subjectAltName=IP:127.0.0.1\n");
    openssl(
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=" + commonName,
        "-keyout",
        name + ".key",
        "-out",
        name + ".csr");
    openssl(
        "x509",
        "-req",
        "-in",
        name + ".csr",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        extensions.toString(),
        "-out",
        name + ".crt");
    return new Path[] {directory.resolve(name + ".crt"), directory.resolve(name + ".key")};
  }

  /**
   * {@code name.crt} and {@code name.key} as a PKCS #12 store {@code name.p12}, password "test".
   */
  public Path pkcs12(String name) throws IOException, InterruptedException {
    openssl(
        "pkcs12",
        "-export",
        "-in",
        name + ".crt",
        "-inkey",
        name + ".key",
        "-out",
        name + ".p12",
        "-passout",
        "pass:test");
    return directory.resolve(name + ".p12");
  }

  private void openssl(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(arguments));
    Process process =
        new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IOException("openssl " + String.join(" ", arguments) + " failed: " + output);
    }
  }
}
