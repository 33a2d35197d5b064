package io.rtfleet.node.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtfleet.node.testing.Bystander;
import io.rtfleet.node.testing.GatewayClient;
import io.rtfleet.node.testing.TestNode;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random payloads from a client that has not identified, over a real connection: each is either
 * served (heartbeat) or closed with the code Discord uses for it, and a well-behaved session on the
 * same node keeps receiving its messages throughout.
 */
class GatewayFuzzIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestNode node;
  private static Bystander bystander;

  @BeforeContainer
  static void start() throws Exception {
    node = TestNode.start();
    bystander = new Bystander(node);
  }

  @AfterContainer
  static void stop() throws Exception {
    bystander.close();
    node.close();
  }

  // 50 tries, each a connection and a bystander's round trip (~0.3 s): jqwik draws new payloads
  // every run, so CI covers more of them across runs than one run's budget allows.
  @Property(tries = 50)
  void everyPayloadIsServedOrClosedWithItsCode(
      @ForAll("payloads") byte[] payload, @ForAll boolean binary) throws Exception {
    Set<Integer> expected = expectedCloses(payload);
    try (GatewayClient client = node.connect()) {
      client.awaitOp(10);
      if (binary) {
        client.sendBinary(payload);
      } else {
        client.send(new String(payload, StandardCharsets.UTF_8));
      }
      if (expected.isEmpty()) {
        client.awaitOp(11);
      } else {
        assertThat(client.awaitClose())
            .as(new String(payload, StandardCharsets.UTF_8))
            .isIn(expected);
      }
    }
    bystander.stillReceives();
  }

  /** The oracle: empty for a heartbeat (answered with op 11), else the acceptable close codes. */
  private static Set<Integer> expectedCloses(byte[] payload) {
    if (payload.length > 4096) {
      return Set.of(4002);
    }
    JsonNode root;
    try {
      root = JSON.readTree(payload);
    } catch (Exception notJson) {
      return Set.of(4002);
    }
    if (root == null || !root.isObject() || !root.path("op").isInt()) {
      return Set.of(4002);
    }
    switch (root.get("op").asInt()) {
      case 1:
        return Set.of();
      case 2:
        return Set.of(4002, 4004, 4013, 4010);
      case 6:
        return Set.of(4002, 4004);
      case 3:
      case 4:
      case 8:
        return Set.of(4003);
      default:
        return Set.of(4001);
    }
  }

  @Provide
  Arbitrary<byte[]> payloads() {
    Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(5000);
    Arbitrary<String> ops =
        Arbitraries.of(
            "0", "1", "2", "3", "4", "5", "6", "7", "8", "11", "-1", "1.5", "\"1\"", "null");
    Arbitrary<String> data =
        Arbitraries.of(
            "null",
            "1",
            "{}",
            "[]",
            "\"x\"",
            "{\"token\":\"abc\",\"intents\":1}",
            "{\"token\":\"a.b.c\",\"session_id\":\"s\",\"seq\":1}",
            "{\"token\":1}",
            "{\"status\":\"online\"}");
    Arbitrary<byte[]> structured =
        Combinators.combine(ops, data)
            .as(
                (op, d) ->
                    ("{\"op\":" + op + ",\"d\":" + d + "}").getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> truncated =
        structured.map(bytes -> java.util.Arrays.copyOf(bytes, bytes.length / 2));
    return Arbitraries.oneOf(noise, structured, truncated);
  }
}
