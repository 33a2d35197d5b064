package io.rtfleet.node.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtfleet.api.protocol.CloseCode;
import org.junit.jupiter.api.Test;

class IdentifyTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Identify parse(String d) throws Exception {
    return Identify.parse(JSON.readTree(d));
  }

  private static CloseCode refusal(String d) {
    return catchThrowableOfType(GatewayRefusal.class, () -> parse(d)).code();
  }

  @Test
  void readsTokenIntentsShardAndClampsLargeThreshold() throws Exception {
    Identify identify =
        parse(
            "{\"token\":\"t\",\"intents\":513,\"shard\":[1,4],\"large_threshold\":1000,\"presence\":{\"status\":\"idle\"}}");
    assertThat(identify).isEqualTo(new Identify("t", 513, 1, 4, 250, "idle"));
    assertThat(parse("{\"token\":\"t\",\"intents\":0,\"large_threshold\":1}").largeThreshold())
        .isEqualTo(50);
  }

  @Test
  void classifiesEachBadFieldWithDiscordsCloseCode() {
    assertThat(refusal("[]")).isEqualTo(CloseCode.DECODE_ERROR);
    assertThat(refusal("{\"intents\":1}")).isEqualTo(CloseCode.AUTHENTICATION_FAILED);
    assertThat(refusal("{\"token\":\"t\"}")).isEqualTo(CloseCode.INVALID_INTENTS);
    assertThat(refusal("{\"token\":\"t\",\"intents\":-1}")).isEqualTo(CloseCode.INVALID_INTENTS);
    assertThat(refusal("{\"token\":\"t\",\"intents\":4194304}"))
        .isEqualTo(CloseCode.INVALID_INTENTS);
    assertThat(refusal("{\"token\":\"t\",\"intents\":1,\"shard\":[4,4]}"))
        .isEqualTo(CloseCode.INVALID_SHARD);
    assertThat(refusal("{\"token\":\"t\",\"intents\":1,\"shard\":[0,0]}"))
        .isEqualTo(CloseCode.INVALID_SHARD);
    assertThat(refusal("{\"token\":\"t\",\"intents\":1,\"shard\":[0]}"))
        .isEqualTo(CloseCode.INVALID_SHARD);
    assertThat(refusal("{\"token\":\"t\",\"intents\":1,\"presence\":{\"status\":\"asleep\"}}"))
        .isEqualTo(CloseCode.DECODE_ERROR);
  }
}
