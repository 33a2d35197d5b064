package io.rtfleet.node.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rtfleet.node.testing.JdaClient;
import io.rtfleet.node.testing.TestNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A stock Discord client library, JDA, pointed at a node with nothing but its REST base URL: it
 * finds the gateway through /gateway/bot, logs in (zlib-stream, as JDA does by default), sees its
 * guild, receives a message and resumes after op 7.
 */
class JdaIT {
  private TestNode node;
  private JdaClient jda;

  @BeforeEach
  void startNode() throws Exception {
    node = TestNode.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (jda != null) {
      jda.close();
    }
    node.close();
  }

  @Test
  void jdaLogsInReceivesItsGuildAndMessagesAndResumesAfterReconnect() throws Exception {
    String owner = node.mintToken("jda-owner");
    String bot = node.mintBotToken("jda-bot");
    JdaClient.BotGuild guild = JdaClient.guildWithBot(node::call, owner, bot, "jda guild");
    String guildId = guild.id();
    String channelId = guild.channelId();

    jda = JdaClient.start(bot, node.restBase());

    await().atMost(Duration.ofSeconds(30)).until(() -> jda.readyGuilds.contains(guildId));
    assertThat(jda.shards().getGuildById(guildId).getName()).isEqualTo("jda guild");

    node.call("POST", "/channels/" + channelId + "/messages", owner, "{\"content\":\"hello jda\"}");
    await().atMost(Duration.ofSeconds(10)).until(() -> jda.messages.contains("hello jda"));

    node.admin("POST", "/admin/reconnect", "{}");
    await().atMost(Duration.ofSeconds(30)).until(() -> jda.resumes.get() == 1);

    node.call(
        "POST", "/channels/" + channelId + "/messages", owner, "{\"content\":\"after resume\"}");
    await().atMost(Duration.ofSeconds(10)).until(() -> jda.messages.contains("after resume"));
    assertThat(jda.messages).containsExactly("hello jda", "after resume");
    assertThat(jda.readyGuilds).containsExactly(guildId);
    assertThat(jda.identifiedAgain.get()).isZero();
  }
}
