package io.rtfleet.api.crd;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A guild pinned to a node. */
public final class GuildOverride {
  /** The guild id, a snowflake. */
  @Required
  @Pattern("^[1-9][0-9]{0,19}$")
  private String guildId;

  /** The node it is pinned to. */
  @Required
  @Pattern("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
  private String node;

  public String getGuildId() {
    return guildId;
  }

  public void setGuildId(String guildId) {
    this.guildId = guildId;
  }

  public String getNode() {
    return node;
  }

  public void setNode(String node) {
    this.node = node;
  }
}
