package io.rtfleet.node.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints and verifies client tokens shaped like Discord's: three dot-separated base64url parts,
 * {@code userId . expiry:flags . HMAC-SHA256(secret, first two parts)}.
 *
 * <p>The user id is readable without the secret (clients such as JDA decode it); only the signature
 * makes a token valid. Verification is constant-time in the signature.
 */
public final class TokenCodec {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
  private static final int MAX_TOKEN_LENGTH = 256;
  private static final int REMEMBERED = 100_000;

  private final SecretKeySpec key;
  private final LongSupplier clockEpochSeconds;
  private final Map<String, TokenClaims> verified = new ConcurrentHashMap<>();

  public TokenCodec(byte[] secret, LongSupplier clockEpochSeconds) {
    if (secret.length < 32) {
      throw new IllegalArgumentException("token secret must be at least 32 bytes");
    }
    this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    this.clockEpochSeconds = clockEpochSeconds;
  }

  public String mint(TokenClaims claims) {
    String head =
        encode(Long.toString(claims.userId()))
            + "."
            + encode(claims.expiresAtEpochSecond() + ":" + (claims.bot() ? "b" : "u"));
    return head + "." + ENCODER.encodeToString(sign(head));
  }

  /** Returns the claims of a well-formed, correctly signed, unexpired token; empty otherwise. */
  public Optional<TokenClaims> verify(String token) {
    if (token == null || token.length() > MAX_TOKEN_LENGTH) {
      return Optional.empty();
    }
    TokenClaims remembered = verified.get(token);
    if (remembered != null) {
      if (remembered.expiresAtEpochSecond() > clockEpochSeconds.getAsLong()) {
        return Optional.of(remembered);
      }
      verified.remove(token);
      return Optional.empty();
    }
    Optional<TokenClaims> claims = verifySignature(token);
    claims.ifPresent(
        valid -> {
          if (verified.size() >= REMEMBERED) {
            verified.clear();
          }
          verified.put(token, valid);
        });
    return claims;
  }

  private Optional<TokenClaims> verifySignature(String token) {
    int first = token.indexOf('.');
    int second = token.indexOf('.', first + 1);
    if (first <= 0 || second <= first + 1 || token.indexOf('.', second + 1) >= 0) {
      return Optional.empty();
    }
    try {
      byte[] signature = DECODER.decode(token.substring(second + 1));
      if (!MessageDigest.isEqual(signature, sign(token.substring(0, second)))) {
        return Optional.empty();
      }
      long userId = Long.parseLong(decode(token.substring(0, first)));
      String[] expiryAndFlags = decode(token.substring(first + 1, second)).split(":", 2);
      long expiresAt = Long.parseLong(expiryAndFlags[0]);
      if (expiresAt <= clockEpochSeconds.getAsLong()) {
        return Optional.empty();
      }
      return Optional.of(new TokenClaims(userId, "b".equals(expiryAndFlags[1]), expiresAt));
    } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException malformed) {
      return Optional.empty();
    }
  }

  private byte[] sign(String head) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(head.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException impossible) {
      throw new IllegalStateException("HmacSHA256 is required by every Java platform", impossible);
    }
  }

  private static String encode(String text) {
    return ENCODER.encodeToString(text.getBytes(StandardCharsets.US_ASCII));
  }

  private static String decode(String part) {
    return new String(DECODER.decode(part), StandardCharsets.US_ASCII);
  }
}
