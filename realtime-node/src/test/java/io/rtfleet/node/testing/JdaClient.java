package io.rtfleet.node.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import net.dv8tion.jda.api.events.guild.GuildReadyEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.events.session.SessionRecreateEvent;
import net.dv8tion.jda.api.events.session.SessionResumeEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import net.dv8tion.jda.api.sharding.ShardManager;

/**
 * JDA, a stock Discord client library, logged in as a bot with nothing but a REST base URL (it
 * finds the gateway through /gateway/bot), and what it saw: its guilds becoming ready, the messages
 * in the order it got them, and how its sessions went on after a reconnect (resumed, or identified
 * again).
 */
public final class JdaClient extends ListenerAdapter implements AutoCloseable {
  public final List<String> readyGuilds = new CopyOnWriteArrayList<>();
  public final List<String> messages = new CopyOnWriteArrayList<>();
  public final AtomicInteger resumes = new AtomicInteger();
  public final AtomicInteger identifiedAgain = new AtomicInteger();
  private final ShardManager shards;

  private JdaClient(String botToken, String restBase) {
    shards =
        DefaultShardManagerBuilder.createDefault(
                botToken, GatewayIntent.GUILD_MESSAGES, GatewayIntent.MESSAGE_CONTENT)
            .setRestConfig(new RestConfig().setBaseUrl(restBase + "/"))
            .setEnableShutdownHook(false)
            .addEventListeners(this)
            .build();
  }

  /** A REST call that must succeed, made as the test's clients make it; its JSON answer. */
  @FunctionalInterface
  public interface Rest {
    JsonNode call(String method, String path, String authorization, String body) throws Exception;
  }

  /** A guild made for JDA: its id and its first channel's. */
  public record BotGuild(String id, String channelId) {}

  /** A new guild of {@code owner}'s named {@code name}, with the bot of {@code botToken} in it. */
  public static BotGuild guildWithBot(Rest rest, String owner, String botToken, String name)
      throws Exception {
    String botId = rest.call("GET", "/users/@me", "Bot " + botToken, null).get("id").asText();
    String guildId =
        rest.call("POST", "/guilds", owner, "{\"name\":\"" + name + "\"}").get("id").asText();
    rest.call("PUT", "/guilds/" + guildId + "/members/" + botId, owner, null);
    String channelId =
        rest.call("GET", "/guilds/" + guildId + "/channels", owner, null).get(0).get("id").asText();
    return new BotGuild(guildId, channelId);
  }

  /** Logs in; {@code restBase} is the API's base, e.g. {@code http://127.0.0.1:8080/api/v10}. */
  public static JdaClient start(String botToken, String restBase) {
    return new JdaClient(botToken, restBase);
  }

  public ShardManager shards() {
    return shards;
  }

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

  @Override
  public void onSessionRecreate(SessionRecreateEvent event) {
    identifiedAgain.incrementAndGet();
  }

  @Override
  public void close() {
    shards.shutdown();
  }
}
