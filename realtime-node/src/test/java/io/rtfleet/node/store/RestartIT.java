package io.rtfleet.node.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtfleet.api.protocol.Intent;
import io.rtfleet.node.testing.GatewayClient;
import io.rtfleet.node.testing.TestNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RestartIT {

  @Test
  void aRestartedNodeKeepsEveryCommittedGuildChannelMemberAndMessage() throws Exception {
    try (TestNode node = TestNode.start()) {
      String owner = node.mintToken("durable-owner");
      String member = node.mintToken("durable-member");
      String memberId = node.call("GET", "/users/@me", member, null).get("id").asText();
      String guildId =
          node.call("POST", "/guilds", owner, "{\"name\":\"durable\"}").get("id").asText();
      node.call("PUT", "/guilds/" + guildId + "/members/" + memberId, owner, null);
      String channelId =
          node.call(
                  "POST",
                  "/guilds/" + guildId + "/channels",
                  owner,
                  "{\"name\":\"kept\",\"topic\":\"t\"}")
              .get("id")
              .asText();
      // Concurrent posts are grouped into shared commits; every acknowledged one must survive.
      List<CompletableFuture<JsonNode>> posts = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        int n = i;
        posts.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return node.call(
                        "POST",
                        "/channels/" + channelId + "/messages",
                        n % 2 == 0 ? owner : member,
                        "{\"content\":\"msg " + n + "\"}");
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                }));
      }
      List<String> acknowledged = new ArrayList<>();
      for (CompletableFuture<JsonNode> post : posts) {
        acknowledged.add(post.join().get("id").asText());
      }

      node.restart();

      JsonNode guild = node.call("GET", "/guilds/" + guildId, member, null);
      assertThat(guild.get("name").asText()).isEqualTo("durable");
      assertThat(guild.get("approximate_member_count").asInt()).isEqualTo(2);
      assertThat(node.call("GET", "/channels/" + channelId, member, null).get("topic").asText())
          .isEqualTo("t");
      List<String> stored = new ArrayList<>();
      String before = "";
      while (true) {
        JsonNode page =
            node.call(
                "GET", "/channels/" + channelId + "/messages?limit=100" + before, owner, null);
        if (page.isEmpty()) {
          break;
        }
        page.forEach(message -> stored.add(message.get("id").asText()));
        before = "&before=" + page.get(page.size() - 1).get("id").asText();
      }
      assertThat(stored).containsExactlyInAnyOrderElementsOf(acknowledged);

      try (GatewayClient client = node.connect()) {
        client.identifyAndAwaitReady(member, Intent.GUILDS);
        JsonNode create = client.awaitDispatch("GUILD_CREATE").get("d");
        assertThat(create.get("channels"))
            .extracting(c -> c.get("name").asText())
            .contains("general", "kept");
      }
    }
  }
}
