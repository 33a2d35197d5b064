package io.rtfleet.node.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class TokenCodecTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final TokenCodec codec =
      new TokenCodec("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8), now::get);

  @Property
  void mintedTokensVerifyToTheirClaims(
      @ForAll @LongRange(min = 1) long userId, @ForAll boolean bot) {
    TokenClaims claims = new TokenClaims(userId, bot, 5_000);
    assertThat(codec.verify(codec.mint(claims))).contains(claims);
  }

  @Property
  void anyAlteredCharacterInvalidatesTheToken(
      @ForAll @LongRange(min = 1, max = 1000) long position) {
    String token = codec.mint(new TokenClaims(42, false, 5_000));
    int index = (int) (position % token.length());
    char altered = token.charAt(index) == 'A' ? 'B' : 'A';
    String tampered = token.substring(0, index) + altered + token.substring(index + 1);
    assertThat(codec.verify(tampered)).isEmpty();
  }

  @Test
  void expiredForeignAndMalformedTokensAreRefused() {
    String token = codec.mint(new TokenClaims(42, false, 2_000));
    now.set(2_000);
    assertThat(codec.verify(token)).isEmpty();
    TokenCodec other =
        new TokenCodec(
            "another-secret-another-secret-xx".getBytes(StandardCharsets.UTF_8), now::get);
    assertThat(codec.verify(other.mint(new TokenClaims(42, false, 9_000)))).isEmpty();
    for (String malformed :
        new String[] {"", "a", "a.b", "a.b.c.d", "..", "!!.??.**", "x".repeat(300)}) {
      assertThat(codec.verify(malformed)).as(malformed).isEmpty();
    }
  }
}
