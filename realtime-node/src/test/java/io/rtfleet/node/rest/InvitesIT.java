package io.rtfleet.node.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtfleet.node.testing.TestNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Guild membership is an access boundary: knowing a guild's id is not enough to join it. Users join
 * through invites a member made; the owner (or a bot the owner added) may add people.
 */
class InvitesIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestNode node;
  private static String owner;
  private static String guildId;
  private static String channelId;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNode.start();
    owner = node.mintToken("invite-owner");
    guildId = node.call("POST", "/guilds", owner, "{\"name\":\"private\"}").get("id").asText();
    channelId =
        node.call("GET", "/guilds/" + guildId + "/channels", owner, null).get(0).get("id").asText();
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.close();
  }

  private static int code(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body()).path("code").asInt();
  }

  private static String invite(String body) throws Exception {
    return node.call("POST", "/channels/" + channelId + "/invites", owner, body)
        .get("code")
        .asText();
  }

  @Test
  void aUserWhoKnowsTheGuildIdCannotJoinIt() throws Exception {
    String stranger = node.mintToken("stranger");
    HttpResponse<String> selfJoin =
        node.rest("PUT", "/guilds/" + guildId + "/members/@me", stranger, null);
    assertThat(selfJoin.statusCode()).isEqualTo(403);
    assertThat(code(selfJoin)).isEqualTo(50001);
    assertThat(
            node.rest(
                    "POST",
                    "/channels/" + channelId + "/messages",
                    stranger,
                    "{\"content\":\"let me in\"}")
                .statusCode())
        .isEqualTo(403);
    assertThat(node.rest("GET", "/guilds/" + guildId + "/members", stranger, null).statusCode())
        .isEqualTo(403);
  }

  @Test
  void aMemberWhoIsNotTheOwnerCannotAddPeople() throws Exception {
    String member = node.mintToken("plain-member");
    node.call("POST", "/invites/" + invite("{}"), member, null);
    String friendId =
        node.call("GET", "/users/@me", node.mintToken("friend"), null).get("id").asText();
    HttpResponse<String> added =
        node.rest("PUT", "/guilds/" + guildId + "/members/" + friendId, member, null);
    assertThat(added.statusCode()).isEqualTo(403);
    assertThat(code(added)).isEqualTo(50013);
  }

  @Test
  void anAcceptedInviteMakesAMemberWhoCanPost() throws Exception {
    String code = invite("{\"max_age\":3600,\"max_uses\":5}");
    String joiner = node.mintToken("joiner");

    JsonNode seen = node.call("GET", "/invites/" + code + "?with_counts=true", joiner, null);
    assertThat(seen.at("/guild/id").asText()).isEqualTo(guildId);
    assertThat(seen.at("/guild/name").asText()).isEqualTo("private");
    assertThat(seen.at("/channel/id").asText()).isEqualTo(channelId);
    assertThat(seen.get("expires_at").isNull()).isFalse();
    assertThat(seen.has("uses")).isFalse();

    JsonNode accepted = node.call("POST", "/invites/" + code, joiner, null);
    assertThat(accepted.get("new_member").asBoolean()).isTrue();
    assertThat(node.call("POST", "/invites/" + code, joiner, null).get("new_member").asBoolean())
        .isFalse();
    assertThat(
            node.rest(
                    "POST",
                    "/channels/" + channelId + "/messages",
                    joiner,
                    "{\"content\":\"hello\"}")
                .statusCode())
        .isEqualTo(200);

    JsonNode listed = node.call("GET", "/guilds/" + guildId + "/invites", owner, null);
    JsonNode mine = null;
    for (JsonNode invite : listed) {
      if (invite.get("code").asText().equals(code)) {
        mine = invite;
      }
    }
    assertThat(mine).isNotNull();
    assertThat(mine.get("uses").asInt()).isEqualTo(1);
    assertThat(mine.get("max_uses").asInt()).isEqualTo(5);
  }

  @Test
  void aUsedUpInviteIsUnknown() throws Exception {
    String code = invite("{\"max_uses\":1}");
    node.call("POST", "/invites/" + code, node.mintToken("first-in"), null);
    HttpResponse<String> second =
        node.rest("POST", "/invites/" + code, node.mintToken("late"), null);
    assertThat(second.statusCode()).isEqualTo(404);
    assertThat(code(second)).isEqualTo(10006);
  }

  @Test
  void onlyTheOwnerOrTheInviteMakerDeletesIt() throws Exception {
    String code = invite("{}");
    String member = node.mintToken("deleter");
    node.call("POST", "/invites/" + invite("{}"), member, null);
    assertThat(node.rest("DELETE", "/invites/" + code, member, null).statusCode()).isEqualTo(403);
    assertThat(node.rest("DELETE", "/invites/" + code, owner, null).statusCode()).isEqualTo(200);
    HttpResponse<String> gone = node.rest("GET", "/invites/" + code, member, null);
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(code(gone)).isEqualTo(10006);
  }

  @Test
  void codesThatAreNotInvitesAreUnknown() throws Exception {
    String someone = node.mintToken("guesser");
    for (String code : new String[] {"abc", "0000000000" + "00000000000", "!".repeat(21)}) {
      HttpResponse<String> answer = node.rest("POST", "/invites/" + code, someone, null);
      assertThat(answer.statusCode()).as(code).isEqualTo(404);
      assertThat(code(answer)).isEqualTo(10006);
    }
  }

  @Test
  void aBotCannotAcceptInvitesButOneTheOwnerAddedMayAddPeople() throws Exception {
    String bot = node.mintBotToken("helper-bot");
    String botId = node.call("GET", "/users/@me", "Bot " + bot, null).get("id").asText();
    HttpResponse<String> accepted =
        node.rest("POST", "/invites/" + invite("{}"), "Bot " + bot, null);
    assertThat(accepted.statusCode()).isEqualTo(403);
    assertThat(code(accepted)).isEqualTo(20001);

    node.call("PUT", "/guilds/" + guildId + "/members/" + botId, owner, null);
    String guestId =
        node.call("GET", "/users/@me", node.mintToken("guest"), null).get("id").asText();
    assertThat(
            node.rest("PUT", "/guilds/" + guildId + "/members/" + guestId, "Bot " + bot, null)
                .statusCode())
        .isEqualTo(201);
  }

  @Test
  void anInviteOutlivesARestart() throws Exception {
    try (TestNode own = TestNode.start()) {
      String founder = own.mintToken("founder");
      String guild = own.call("POST", "/guilds", founder, "{\"name\":\"kept\"}").get("id").asText();
      String channel =
          own.call("GET", "/guilds/" + guild + "/channels", founder, null)
              .get(0)
              .get("id")
              .asText();
      String code =
          own.call("POST", "/channels/" + channel + "/invites", founder, "{\"max_uses\":2}")
              .get("code")
              .asText();
      own.call("POST", "/invites/" + code, own.mintToken("before-restart"), null);

      own.restart();

      own.call("POST", "/invites/" + code, own.mintToken("after-restart"), null);
      HttpResponse<String> third =
          own.rest("POST", "/invites/" + code, own.mintToken("third"), null);
      assertThat(third.statusCode()).as("two uses were allowed, both taken").isEqualTo(404);
      assertThat(
              own.call("GET", "/guilds/" + guild, founder, null)
                  .get("approximate_member_count")
                  .asInt())
          .isEqualTo(3);
    }
  }
}
