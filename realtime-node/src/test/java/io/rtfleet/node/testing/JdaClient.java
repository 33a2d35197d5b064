package io.rtfleet.node.testing;

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
