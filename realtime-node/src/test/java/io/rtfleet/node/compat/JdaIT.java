package io.rtfleet.node.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rtfleet.node.testing.TestNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import net.dv8tion.jda.api.events.guild.GuildReadyEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.events.session.SessionResumeEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import net.dv8tion.jda.api.sharding.ShardManager;
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
  private ShardManager shards;

  private static final class Recorder extends ListenerAdapter {
    final List<String> readyGuilds = new CopyOnWriteArrayList<>();
    final List<String> messages = new CopyOnWriteArrayList<>();
    final AtomicInteger resumes = new AtomicInteger();

    @Override
    public void onGuildReady(GuildReadyEvent event) {
      readyGuilds.add(event.getGuild().getId());
    }

    @Override
    public void onMessageReceived(MessageReceivedEvent event) {
      messages.add(event.getMessage().getContentRaw());
    }

    @Override
    public void onSessionResume(SessionResumeEvent event) {
      resumes.incrementAndGet();
    }
  }

  @BeforeEach
  void startNode() throws Exception {
    node = TestNode.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (shards != null) {
      shards.shutdown();
    }
    node.close();
  }

  @Test
  void jdaLogsInReceivesItsGuildAndMessagesAndResumesAfterReconnect() throws Exception {
    String owner = node.mintToken("jda-owner");
    String bot = node.mintBotToken("jda-bot");
    String botId = node.call("GET", "/users/@me", "Bot " + bot, null).get("id").asText();
    String guildId =
        node.call("POST", "/guilds", owner, "{\"name\":\"jda guild\"}").get("id").asText();
    node.call("PUT", "/guilds/" + guildId + "/members/" + botId, owner, null);
    String channelId =
        node.call("GET", "/guilds/" + guildId + "/channels", owner, null).get(0).get("id").asText();

    Recorder recorder = new Recorder();
    shards =
        DefaultShardManagerBuilder.createDefault(
                bot, GatewayIntent.GUILD_MESSAGES, GatewayIntent.MESSAGE_CONTENT)
            .setRestConfig(new RestConfig().setBaseUrl(node.restBase() + "/"))
            .setEnableShutdownHook(false)
            .addEventListeners(recorder)
            .build();

    await().atMost(Duration.ofSeconds(30)).until(() -> recorder.readyGuilds.contains(guildId));
    assertThat(shards.getGuildById(guildId).getName()).isEqualTo("jda guild");

    node.call("POST", "/channels/" + channelId + "/messages", owner, "{\"content\":\"hello jda\"}");
    await().atMost(Duration.ofSeconds(10)).until(() -> recorder.messages.contains("hello jda"));

    node.admin("POST", "/admin/reconnect", "{}");
    await().atMost(Duration.ofSeconds(30)).until(() -> recorder.resumes.get() == 1);

    node.call(
        "POST", "/channels/" + channelId + "/messages", owner, "{\"content\":\"after resume\"}");
    await().atMost(Duration.ofSeconds(10)).until(() -> recorder.messages.contains("after resume"));
    assertThat(recorder.messages).containsExactly("hello jda", "after resume");
    assertThat(recorder.readyGuilds).containsExactly(guildId);
  }
}
