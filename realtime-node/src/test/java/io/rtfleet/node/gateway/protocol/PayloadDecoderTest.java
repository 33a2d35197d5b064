package io.rtfleet.node.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtfleet.api.protocol.CloseCode;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class PayloadDecoderTest {
  private final PayloadDecoder decoder = new PayloadDecoder(4096);

  @Property(tries = 2000)
  void anyBytesDecodeOrAreRefusedAsDecodeErrors(@ForAll @Size(max = 5000) byte[] bytes) {
    try {
      ClientPayload payload = decoder.decode(bytes);
      assertThat(payload.d()).isNotNull();
    } catch (GatewayRefusal refusal) {
      assertThat(refusal.code()).isEqualTo(CloseCode.DECODE_ERROR);
    }
  }

  @Property(tries = 2000)
  void jsonLikeTextDecodesOrIsRefusedAsDecodeError(@ForAll("jsonish") String text) {
    try {
      decoder.decode(text.getBytes(StandardCharsets.UTF_8));
    } catch (GatewayRefusal refusal) {
      assertThat(refusal.code()).isEqualTo(CloseCode.DECODE_ERROR);
    }
  }

  @Property
  void everyObjectWithAnIntegerOpDecodesToThatOp(@ForAll int op, @ForAll("values") String d)
      throws GatewayRefusal {
    ClientPayload payload =
        decoder.decode(("{\"op\":" + op + ",\"d\":" + d + "}").getBytes(StandardCharsets.UTF_8));
    assertThat(payload.op()).isEqualTo(op);
  }

  @Provide
  Arbitrary<String> values() {
    return Arbitraries.of(
        "null", "1", "\"x\"", "{}", "[1,2]", "{\"a\":{\"b\":[true,false]}}", "-3.5");
  }

  @Provide
  Arbitrary<String> jsonish() {
    Arbitrary<String> pieces =
        Arbitraries.of(
            "{",
            "}",
            "[",
            "]",
            "\"op\"",
            ":",
            ",",
            "1",
            "-1",
            "2.5",
            "1e400",
            "\"d\"",
            "null",
            "true",
            "\"",
            "\\u0000",
            "99999999999",
            "\"op\":2",
            " ",
            "{\"op\":");
    return pieces.list().ofMaxSize(40).map(list -> String.join("", list));
  }

  @Test
  void oversizedPayloadsAreRefusedBeforeParsing() {
    byte[] big = ("{\"op\":1,\"d\":\"" + "x".repeat(5000) + "\"}").getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> decoder.decode(big))
        .isInstanceOf(GatewayRefusal.class)
        .hasMessage("payload larger than 4096 bytes");
  }

  @Test
  void duplicateKeysAndDeepNestingAreRefused() {
    assertThatThrownBy(() -> decoder.decode("{\"op\":1,\"op\":2}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(GatewayRefusal.class);
    String deep = "{\"op\":1,\"d\":" + "[".repeat(100) + "]".repeat(100) + "}";
    assertThatThrownBy(() -> decoder.decode(deep.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(GatewayRefusal.class);
  }

  @Test
  void nonIntegerOpIsRefused() {
    for (String payload :
        new String[] {
          "{\"op\":1.5}", "{\"op\":\"1\"}", "{\"d\":1}", "[1]", "1", "{\"op\":99999999999}"
        }) {
      assertThatThrownBy(() -> decoder.decode(payload.getBytes(StandardCharsets.UTF_8)))
          .as(payload)
          .isInstanceOf(GatewayRefusal.class)
          .extracting(e -> ((GatewayRefusal) e).code())
          .isEqualTo(CloseCode.DECODE_ERROR);
    }
  }
}
