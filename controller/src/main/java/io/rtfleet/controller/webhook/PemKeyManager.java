package io.rtfleet.controller.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving certificate of a TLS server, from the PEM files of a Kubernetes TLS Secret ({@code
 * tls.crt}, {@code tls.key}), read again at the next handshake after either file changes: a
 * certificate renewed by cert-manager (or by hand) is served without a restart. A pair that cannot
 * be read (caught half-written) leaves the previous one in use until it can.
 */
final class PemKeyManager extends X509ExtendedKeyManager {
  private static final Logger LOG = LoggerFactory.getLogger(PemKeyManager.class);
  private static final String ALIAS = "serving";

  private final Path certificate;
  private final Path key;
  private volatile Loaded loaded;

  private record Loaded(
      FileTime certificateTime, FileTime keyTime, X509Certificate[] chain, PrivateKey key) {}

  PemKeyManager(Path certificate, Path key) {
    this.certificate = certificate;
    this.key = key;
    try {
      loaded = load();
    } catch (IOException | GeneralSecurityException unreadable) {
      throw new IllegalArgumentException(
          "cannot read the serving certificate " + certificate + " and key " + key, unreadable);
    }
  }

  /** The certificate served now (the first of its chain). */
  X509Certificate serving() {
    return current().chain()[0];
  }

  private Loaded current() {
    Loaded now = loaded;
    try {
      if (!Files.getLastModifiedTime(certificate).equals(now.certificateTime())
          || !Files.getLastModifiedTime(key).equals(now.keyTime())) {
        Loaded fresh = load();
        loaded = fresh;
        LOG.info(
            "serving certificate reloaded: {}, valid until {}",
            fresh.chain()[0].getSubjectX500Principal().getName(),
            fresh.chain()[0].getNotAfter());
        return fresh;
      }
    } catch (IOException | GeneralSecurityException | RuntimeException unreadable) {
      LOG.warn(
          "serving certificate not reloaded, the previous one stays: {}", unreadable.toString());
    }
    return now;
  }

  private Loaded load() throws IOException, GeneralSecurityException {
    FileTime certificateTime = Files.getLastModifiedTime(certificate);
    FileTime keyTime = Files.getLastModifiedTime(key);
    List<X509Certificate> chain;
    try (InputStream in = Files.newInputStream(certificate)) {
      chain =
          CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
              .map(X509Certificate.class::cast)
              .toList();
    }
    if (chain.isEmpty()) {
      throw new GeneralSecurityException(certificate + " holds no certificate");
    }
    return new Loaded(
        certificateTime, keyTime, chain.toArray(X509Certificate[]::new), privateKey(key));
  }

  /** A PKCS #8 private key ({@code BEGIN PRIVATE KEY}), RSA or EC. */
  static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
    String text = Files.readString(pem);
    if (!text.contains("-----BEGIN PRIVATE KEY-----")) {
      throw new GeneralSecurityException(
          pem
              + ": a PKCS #8 key (BEGIN PRIVATE KEY) is required; convert one with"
              + " 'openssl pkcs8 -topk8 -nocrypt'");
    }
    byte[] der =
        Base64.getMimeDecoder()
            .decode(
                text.substring(
                    text.indexOf("-----BEGIN PRIVATE KEY-----") + 27,
                    text.indexOf("-----END PRIVATE KEY-----")));
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    try {
      return KeyFactory.getInstance("RSA").generatePrivate(spec);
    } catch (GeneralSecurityException notRsa) {
      return KeyFactory.getInstance("EC").generatePrivate(spec);
    }
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return matches(keyType) ? ALIAS : null;
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return matches(keyType) ? ALIAS : null;
  }

  /** Whether the key serves {@code keyType}: RSA for RSA and RSASSA-PSS, EC for the EC kinds. */
  private boolean matches(String keyType) {
    String algorithm = current().key().getAlgorithm();
    if (keyType == null) {
      return true;
    }
    return algorithm.equals("RSA")
        ? keyType.equals("RSA") || keyType.equals("RSASSA-PSS")
        : keyType.startsWith(algorithm);
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return ALIAS.equals(alias) ? current().chain().clone() : null;
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return ALIAS.equals(alias) ? current().key() : null;
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return matches(keyType) ? new String[] {ALIAS} : null;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }
}
