package io.rtfleet.node.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtfleet.node.testing.TestNode;
import java.net.http.HttpResponse;
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
 * Random methods, paths and bodies against the REST API of a real node: every answer is one of
 * Discord's statuses with a JSON error body, never a 5xx, and the node keeps serving.
 */
class RestFuzzIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<Integer> EXPECTED = Set.of(200, 201, 204, 400, 401, 403, 404, 405, 413);
  private static TestNode node;
  private static String token;
  private static String guildId;
  private static String channelId;

  @BeforeContainer
  static void start() throws Exception {
    node = TestNode.start();
    token = node.mintToken("rest-fuzzer");
    guildId = node.call("POST", "/guilds", token, "{\"name\":\"fuzzed\"}").get("id").asText();
    channelId =
        node.call("GET", "/guilds/" + guildId + "/channels", token, null).get(0).get("id").asText();
  }

  @AfterContainer
  static void stop() throws Exception {
    node.close();
  }

  @Property(tries = 300)
  void everyRequestGetsADiscordStatusAndJsonError(
      @ForAll("methods") String method,
      @ForAll("paths") String path,
      @ForAll("bodies") String body,
      @ForAll boolean authenticated)
      throws Exception {
    HttpResponse<String> response = node.rest(method, path, authenticated ? token : null, body);
    assertThat(response.statusCode()).as(method + " " + path + " " + body).isIn(EXPECTED);
    if (response.statusCode() >= 400) {
      assertThat(JSON.readTree(response.body()).has("code")).isTrue();
    }
    assertThat(node.rest("GET", "/users/@me", token, null).statusCode()).isEqualTo(200);
  }

  /**
   * Every write that stores text, with text PostgreSQL cannot store in one of its fields: refused
   * with 400 naming the field, never a 5xx (clients retry those), and nothing is stored.
   */
  @Property(tries = 100)
  void unstorableTextInAnyWriteIsA400(
      @ForAll("writes") String write, @ForAll("unstorableTexts") String text) throws Exception {
    String[] parts = write.split(" ", 3);
    String body = parts[2].replace("TEXT", text);
    HttpResponse<String> response = node.rest(parts[0], parts[1], token, body);
    assertThat(response.statusCode()).as(write + " with " + text).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).get("code").asInt()).isEqualTo(50035);
  }

  @Provide
  Arbitrary<String> writes() {
    return Arbitraries.of(
        "POST /guilds {\"name\":\"TEXT\"}",
        "POST /guilds/" + guildId + "/channels {\"name\":\"TEXT\"}",
        "POST /guilds/" + guildId + "/channels {\"name\":\"ok\",\"topic\":\"TEXT\"}",
        "POST /channels/" + channelId + "/messages {\"content\":\"TEXT\"}",
        "POST /channels/"
            + channelId
            + "/messages {\"content\":\"ok\",\"nonce\":\"TEXT\",\"enforce_nonce\":true}");
  }

  @Provide
  Arbitrary<String> unstorableTexts() {
    Arbitrary<String> bad = Arbitraries.of("\\u0000", "\\ud800", "\\udbff", "\\udc00", "\\udfff");
    Arbitrary<String> around = Arbitraries.strings().alpha().ofMaxLength(5);
    return net.jqwik.api.Combinators.combine(around, bad, around).as((a, b, c) -> a + b + c);
  }

  @Provide
  Arbitrary<String> methods() {
    return Arbitraries.of("GET", "POST", "PUT", "PATCH", "DELETE");
  }

  @Provide
  Arbitrary<String> paths() {
    Arbitrary<String> segment =
        Arbitraries.of(
            "guilds",
            "channels",
            "invites",
            "members",
            "messages",
            "users",
            "@me",
            "typing",
            "gateway",
            "bot",
            "%20",
            "0",
            "-1",
            "99999999999999999999",
            "..",
            "",
            "123456789012345678");
    Arbitrary<String> known = Arbitraries.of(guildId, channelId);
    Arbitrary<String> random =
        Arbitraries.oneOf(segment, known)
            .list()
            .ofMaxSize(5)
            .map(parts -> "/" + String.join("/", parts));
    Arbitrary<String> query =
        Arbitraries.of("", "?limit=0", "?limit=abc", "?limit=2&before=x", "?after=1");
    return Combinators.combine(random, query).as((p, q) -> p + q);
  }

  @Provide
  Arbitrary<String> bodies() {
    Arbitrary<String> shaped =
        Arbitraries.of(
            null,
            "",
            "{}",
            "[]",
            "null",
            "{\"name\":\"n\"}",
            "{\"name\":5}",
            "{\"content\":\"c\"}",
            "{\"content\":null}",
            "{\"content\":[1]}",
            "{\"type\":99,\"name\":\"x\"}",
            "{\"name\":\"" + "n".repeat(200) + "\"}",
            "{\"content\":\"a\",\"content\":\"b\"}",
            "{\"content\":\"x\",\"nonce\":{},\"enforce_nonce\":true}",
            "{\"max_age\":-1,\"max_uses\":1000}",
            "{");
    Arbitrary<String> noise = Arbitraries.strings().ofMaxLength(300);
    // Text the database cannot store, in every field a body can have: NUL and unpaired surrogates,
    // escaped and raw.
    Arbitrary<String> unstorable =
        Combinators.combine(
                Arbitraries.of("content", "name", "topic", "nonce", "x"),
                Arbitraries.of("\\u0000", "\\ud800", "\\udfff", "a\\ud800b", "\u0000", "\ud800"))
            .as((field, text) -> "{\"" + field + "\":\"" + text + "\",\"name\":\"ok\"}");
    return Arbitraries.oneOf(shaped, noise, unstorable);
  }
}
