package io.rtfleet.node.testing;

import io.rtfleet.api.protocol.Intent;

/**
 * A well-behaved session on a node under attack: it owns a guild, follows it, and proves it still
 * gets every message after each of the attacker's tries.
 */
public final class Bystander implements AutoCloseable {
  private final TestNode node;
  private final String token;
  private final String channelId;
  private final GatewayClient session;
  private int posted;

  public Bystander(TestNode node) throws Exception {
    this.node = node;
    this.token = node.mintToken("bystander");
    String guildId =
        node.call("POST", "/guilds", token, "{\"name\":\"bystander\"}").get("id").asText();
    this.channelId =
        node.call("GET", "/guilds/" + guildId + "/channels", token, null).get(0).get("id").asText();
    this.session = node.connect();
    session.identifyAndAwaitReady(
        token, Intent.GUILDS | Intent.GUILD_MESSAGES | Intent.MESSAGE_CONTENT);
    session.awaitDispatch("GUILD_CREATE");
  }

  /** Posts a new message and waits until the session has received it. */
  public void stillReceives() throws Exception {
    String content = "still here " + (++posted);
    node.call(
        "POST", "/channels/" + channelId + "/messages", token, "{\"content\":\"" + content + "\"}");
    session.await(p -> content.equals(p.at("/d/content").asText()));
  }

  @Override
  public void close() {
    session.close();
  }
}
