package io.rtfleet.node.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtfleet.node.testing.TestNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RestIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestNode node;
  private static String owner;
  private static String other;
  private static String guildId;
  private static String channelId;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNode.start();
    owner = node.mintToken("rest-owner");
    other = node.mintToken("rest-other");
    guildId = node.call("POST", "/guilds", owner, "{\"name\":\"rest\"}").get("id").asText();
    channelId =
        node.call("GET", "/guilds/" + guildId + "/channels", owner, null).get(0).get("id").asText();
    String otherId = node.call("GET", "/users/@me", other, null).get("id").asText();
    node.call("PUT", "/guilds/" + guildId + "/members/" + otherId, owner, null);
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.close();
  }

  private static JsonNode errorOf(HttpResponse<String> response, int status) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    return JSON.readTree(response.body());
  }

  private static String messages() {
    return "/channels/" + channelId + "/messages";
  }

  @Test
  void gatewayBotTellsStockClientsWhereAndHowToConnect() throws Exception {
    String bot = node.mintBotToken("rest-bot");
    JsonNode gateway = node.call("GET", "/gateway/bot", "Bot " + bot, null);
    assertThat(gateway.get("url").asText()).isEqualTo(node.gatewayUrl()).doesNotContain("?");
    int shards = gateway.get("shards").asInt();
    assertThat(shards).isPositive();
    assertThat(gateway.at("/session_start_limit/remaining").asInt()).isGreaterThanOrEqualTo(shards);
    assertThat(gateway.at("/session_start_limit/max_concurrency").asInt()).isPositive();
    assertThat(node.call("GET", "/gateway", null, null).get("url").asText())
        .isEqualTo(node.gatewayUrl());
  }

  @Test
  void missingOrWrongCredentialsAre401() throws Exception {
    JsonNode error = errorOf(node.rest("GET", "/users/@me", null, null), 401);
    assertThat(error.get("message").asText()).isEqualTo("401: Unauthorized");
    assertThat(error.get("code").asInt()).isZero();
    errorOf(node.rest("GET", "/users/@me", owner + "x", null), 401);
    errorOf(node.rest("GET", "/users/@me", "Bot " + owner, null), 401);
    String bot = node.mintBotToken("rest-bot-scheme");
    errorOf(node.rest("GET", "/users/@me", bot, null), 401);
  }

  @Test
  void expiredTokensAre401() throws Exception {
    String shortLived = node.mint("{\"username\":\"brief\",\"ttlSeconds\":4}");
    assertThat(node.rest("GET", "/users/@me", shortLived, null).statusCode()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> node.rest("GET", "/users/@me", shortLived, null).statusCode() == 401);
  }

  @Test
  void unknownRoutesAndMethodsAre404And405() throws Exception {
    errorOf(node.rest("GET", "/nothing/here", owner, null), 404);
    errorOf(node.rest("PUT", messages(), owner, "{}"), 405);
  }

  @Test
  void unknownIdsAreDiscordsUnknownErrors() throws Exception {
    assertThat(
            errorOf(node.rest("GET", "/channels/123456789012345678", owner, null), 404)
                .get("code")
                .asInt())
        .isEqualTo(10003);
    assertThat(
            errorOf(node.rest("GET", "/channels/not-a-snowflake", owner, null), 404)
                .get("code")
                .asInt())
        .isEqualTo(10003);
    assertThat(
            errorOf(node.rest("GET", "/guilds/123456789012345678", owner, null), 404)
                .get("code")
                .asInt())
        .isEqualTo(10004);
    assertThat(
            errorOf(node.rest("GET", messages() + "/123456789012345678", owner, null), 404)
                .get("code")
                .asInt())
        .isEqualTo(10008);
  }

  @Test
  void nonMembersHaveNoAccess() throws Exception {
    String stranger = node.mintToken("rest-stranger");
    assertThat(
            errorOf(node.rest("GET", "/guilds/" + guildId, stranger, null), 403)
                .get("code")
                .asInt())
        .isEqualTo(50001);
    assertThat(
            errorOf(node.rest("POST", messages(), stranger, "{\"content\":\"hi\"}"), 403)
                .get("code")
                .asInt())
        .isEqualTo(50001);
  }

  @Test
  void invalidBodiesAre400WithTheFieldNamed() throws Exception {
    assertThat(
            errorOf(node.rest("POST", messages(), owner, "{\"content\":\"\"}"), 400)
                .get("code")
                .asInt())
        .isEqualTo(50006);
    JsonNode tooLong =
        errorOf(
            node.rest("POST", messages(), owner, "{\"content\":\"" + "a".repeat(2001) + "\"}"),
            400);
    assertThat(tooLong.get("code").asInt()).isEqualTo(50035);
    assertThat(tooLong.at("/errors/content/_errors/0/message").asText()).contains("2000");
    assertThat(
            errorOf(node.rest("POST", messages(), owner, "{\"content\":"), 400).get("code").asInt())
        .isEqualTo(50109);
    JsonNode noName = errorOf(node.rest("POST", "/guilds", owner, "{}"), 400);
    assertThat(noName.at("/errors/name/_errors/0/message").asText())
        .isEqualTo("This field is required");
    assertThat(
            errorOf(node.rest("GET", messages() + "?limit=500", owner, null), 400)
                .at("/errors/limit")
                .isObject())
        .isTrue();
  }

  @Test
  void oversizedBodiesAre413() throws Exception {
    JsonNode error =
        errorOf(
            node.rest("POST", messages(), owner, "{\"content\":\"" + "a".repeat(70_000) + "\"}"),
            413);
    assertThat(error.get("code").asInt()).isEqualTo(40005);
  }

  @Test
  void onlyTheAuthorEditsAndOnlyAuthorOrOwnerDeletes() throws Exception {
    String id = node.call("POST", messages(), owner, "{\"content\":\"mine\"}").get("id").asText();
    assertThat(
            errorOf(node.rest("PATCH", messages() + "/" + id, other, "{\"content\":\"x\"}"), 403)
                .get("code")
                .asInt())
        .isEqualTo(50005);
    assertThat(
            errorOf(node.rest("DELETE", messages() + "/" + id, other, null), 403)
                .get("code")
                .asInt())
        .isEqualTo(50013);
    JsonNode edited = node.call("PATCH", messages() + "/" + id, owner, "{\"content\":\"edited\"}");
    assertThat(edited.get("content").asText()).isEqualTo("edited");
    assertThat(edited.get("edited_timestamp").isTextual()).isTrue();
    assertThat(node.rest("DELETE", messages() + "/" + id, owner, null).statusCode()).isEqualTo(204);
    errorOf(node.rest("GET", messages() + "/" + id, owner, null), 404);
  }

  @Test
  void messagesAreListedNewestFirstWithLimitBeforeAndAfter() throws Exception {
    String channel =
        node.call("POST", "/guilds/" + guildId + "/channels", owner, "{\"name\":\"history\"}")
            .get("id")
            .asText();
    String[] ids = new String[5];
    for (int i = 0; i < 5; i++) {
      ids[i] =
          node.call(
                  "POST",
                  "/channels/" + channel + "/messages",
                  owner,
                  "{\"content\":\"h" + i + "\"}")
              .get("id")
              .asText();
    }
    JsonNode all = node.call("GET", "/channels/" + channel + "/messages", owner, null);
    assertThat(all)
        .extracting(m -> m.get("content").asText())
        .containsExactly("h4", "h3", "h2", "h1", "h0");
    JsonNode two =
        node.call(
            "GET", "/channels/" + channel + "/messages?limit=2&before=" + ids[3], owner, null);
    assertThat(two).extracting(m -> m.get("content").asText()).containsExactly("h2", "h1");
    JsonNode after =
        node.call("GET", "/channels/" + channel + "/messages?limit=2&after=" + ids[0], owner, null);
    assertThat(after).extracting(m -> m.get("content").asText()).containsExactly("h2", "h1");
  }

  @Test
  void addingAnExistingMemberIs204AndMembersAreListed() throws Exception {
    String otherId = node.call("GET", "/users/@me", other, null).get("id").asText();
    assertThat(
            node.rest("PUT", "/guilds/" + guildId + "/members/" + otherId, owner, null)
                .statusCode())
        .isEqualTo(204);
    JsonNode members = node.call("GET", "/guilds/" + guildId + "/members?limit=10", owner, null);
    assertThat(members)
        .extracting(m -> m.at("/user/username").asText())
        .contains("rest-owner", "rest-other");
    assertThat(
            node.call("GET", "/guilds/" + guildId + "/members/" + otherId, owner, null)
                .at("/user/id")
                .asText())
        .isEqualTo(otherId);
  }

  @Test
  void tooManyRequestsAre429WithRetryAfter() throws Exception {
    try (TestNode strict = TestNode.start(config -> config.restRequestsPerSecond(3))) {
      String token = strict.mintToken("hasty");
      HttpResponse<String> last = null;
      for (int i = 0; i < 10; i++) {
        last = strict.rest("GET", "/users/@me", token, null);
        if (last.statusCode() == 429) {
          break;
        }
      }
      JsonNode error = errorOf(last, 429);
      assertThat(error.get("retry_after").asDouble()).isPositive().isLessThanOrEqualTo(1.0);
      assertThat(error.get("global").asBoolean()).isFalse();
      assertThat(last.headers().firstValue("Retry-After")).isPresent();
    }
  }
}
