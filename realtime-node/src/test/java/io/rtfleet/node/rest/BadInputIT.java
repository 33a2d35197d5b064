package io.rtfleet.node.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtfleet.node.testing.CapturedLogs;
import io.rtfleet.node.testing.TestNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Input the REST API must refuse with a 4xx that tells the client what is wrong, before it reaches
 * the database, and without writing the client's words to the log; and the headers and retries a
 * careful client relies on.
 */
class BadInputIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestNode node;
  private static String owner;
  private static String guildId;
  private static String channelId;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNode.start(config -> config.restRequestsPerSecond(1_000));
    owner = node.mintToken("careful");
    guildId = node.call("POST", "/guilds", owner, "{\"name\":\"inputs\"}").get("id").asText();
    channelId =
        node.call("GET", "/guilds/" + guildId + "/channels", owner, null).get(0).get("id").asText();
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.close();
  }

  private static JsonNode refused(HttpResponse<String> response, int status) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return JSON.readTree(response.body());
  }

  @Test
  void textWithNulOrALoneSurrogateIsRefusedWith400AndNotLogged() throws Exception {
    try (CapturedLogs logs = new CapturedLogs()) {
      JsonNode content =
          refused(
              node.rest(
                  "POST",
                  "/channels/" + channelId + "/messages",
                  owner,
                  "{\"content\":\"secret-words\\u0000after\"}"),
              400);
      assertThat(content.get("code").asInt()).isEqualTo(50035);
      assertThat(content.at("/errors/content/_errors/0/message").asText()).contains("NUL");

      JsonNode name =
          refused(node.rest("POST", "/guilds", owner, "{\"name\":\"secret-words\\ud800\"}"), 400);
      assertThat(name.at("/errors/name/_errors").isArray()).isTrue();

      JsonNode topic =
          refused(
              node.rest(
                  "POST",
                  "/guilds/" + guildId + "/channels",
                  owner,
                  "{\"name\":\"ok\",\"topic\":\"secret-words\\udc00\"}"),
              400);
      assertThat(topic.at("/errors/topic/_errors").isArray()).isTrue();

      assertThat(String.join("\n", logs.lines())).doesNotContain("secret-words");
    }
    // a pair of surrogates is a character like any other
    assertThat(
            node.rest(
                    "POST",
                    "/channels/" + channelId + "/messages",
                    owner,
                    "{\"content\":\"\\ud83d\\ude00\"}")
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void aRepeatedKeyIsInvalidJsonAsOnTheGateway() throws Exception {
    JsonNode error =
        refused(
            node.rest(
                "POST",
                "/channels/" + channelId + "/messages",
                owner,
                "{\"content\":\"one\",\"content\":\"two\"}"),
            400);
    assertThat(error.get("code").asInt()).isEqualTo(50109);
  }

  @Test
  void anOversizedAuthorizationHeaderIs431NotInvalidJson() throws Exception {
    JsonNode error = refused(node.rest("GET", "/users/@me", "x".repeat(10_000), null), 431);
    assertThat(error.get("message").asText()).contains("Header");
  }

  @Test
  void answersCarryDiscordsRateLimitHeaders() throws Exception {
    HttpResponse<String> first = node.rest("GET", "/users/@me", owner, null);
    HttpResponse<String> second = node.rest("GET", "/users/@me", owner, null);
    assertThat(first.headers().firstValue("X-RateLimit-Limit")).hasValue("1000");
    assertThat(first.headers().firstValue("X-RateLimit-Bucket")).isPresent();
    long remaining =
        Long.parseLong(first.headers().firstValue("X-RateLimit-Remaining").orElseThrow());
    assertThat(Long.parseLong(second.headers().firstValue("X-RateLimit-Remaining").orElseThrow()))
        .isLessThan(remaining);
    double resetAfter =
        Double.parseDouble(first.headers().firstValue("X-RateLimit-Reset-After").orElseThrow());
    assertThat(resetAfter).isBetween(0.0, 1.0);
    double reset =
        Double.parseDouble(first.headers().firstValue("X-RateLimit-Reset").orElseThrow());
    assertThat(reset)
        .isCloseTo(System.currentTimeMillis() / 1e3, org.assertj.core.data.Offset.offset(5.0));
  }

  @Test
  void a429SaysItsScopeAndWhenToComeBack() throws Exception {
    try (TestNode strict = TestNode.start(config -> config.restRequestsPerSecond(2))) {
      String token = strict.mintToken("hasty");
      HttpResponse<String> last = null;
      for (int i = 0; i < 5; i++) {
        last = strict.rest("GET", "/users/@me", token, null);
      }
      assertThat(last.statusCode()).isEqualTo(429);
      assertThat(last.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
      assertThat(last.headers().firstValue("X-RateLimit-Scope")).hasValue("user");
      assertThat(last.headers().firstValue("X-RateLimit-Global")).hasValue("false");
      assertThat(last.headers().firstValue("Retry-After")).isPresent();
    }
  }

  @Test
  void aPostRetriedWithItsEnforcedNonceIsWrittenOnce() throws Exception {
    String body = "{\"content\":\"exactly once\",\"nonce\":\"retry-1\",\"enforce_nonce\":true}";
    JsonNode first = node.call("POST", "/channels/" + channelId + "/messages", owner, body);
    JsonNode again = node.call("POST", "/channels/" + channelId + "/messages", owner, body);
    assertThat(again.get("id").asText()).isEqualTo(first.get("id").asText());
    assertThat(first.get("nonce").asText()).isEqualTo("retry-1");

    String loose = "{\"content\":\"twice\",\"nonce\":\"retry-2\"}";
    JsonNode one = node.call("POST", "/channels/" + channelId + "/messages", owner, loose);
    JsonNode two = node.call("POST", "/channels/" + channelId + "/messages", owner, loose);
    assertThat(two.get("id").asText()).isNotEqualTo(one.get("id").asText());

    JsonNode listed =
        node.call("GET", "/channels/" + channelId + "/messages?limit=100", owner, null);
    long once = 0;
    for (JsonNode message : listed) {
      if (message.get("content").asText().equals("exactly once")) {
        once++;
      }
    }
    assertThat(once).isEqualTo(1);
  }

  @Test
  void aNonceOutlivesARestartOfItsNode() throws Exception {
    try (TestNode own = TestNode.start()) {
      String author = own.mintToken("restarter");
      String guild = own.call("POST", "/guilds", author, "{\"name\":\"n\"}").get("id").asText();
      String channel =
          own.call("GET", "/guilds/" + guild + "/channels", author, null).get(0).get("id").asText();
      String body = "{\"content\":\"kept\",\"nonce\":12345,\"enforce_nonce\":true}";
      String id =
          own.call("POST", "/channels/" + channel + "/messages", author, body).get("id").asText();

      own.restart();

      assertThat(
              own.call("POST", "/channels/" + channel + "/messages", author, body)
                  .get("id")
                  .asText())
          .isEqualTo(id);
    }
  }

  @Test
  void aNonceThatIsNeitherAnIntegerNorAShortStringIsRefused() throws Exception {
    JsonNode error =
        refused(
            node.rest(
                "POST",
                "/channels/" + channelId + "/messages",
                owner,
                "{\"content\":\"x\",\"nonce\":\"" + "n".repeat(26) + "\"}"),
            400);
    assertThat(error.at("/errors/nonce/_errors").isArray()).isTrue();
  }
}
