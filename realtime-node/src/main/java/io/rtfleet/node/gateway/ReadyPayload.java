package io.rtfleet.node.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rtfleet.node.discord.DiscordJson;
import io.rtfleet.node.gateway.protocol.Identify;
import io.rtfleet.node.session.Session;
import java.util.List;

/** The READY dispatch's payload, with the fields stock client libraries read. */
final class ReadyPayload {
  private ReadyPayload() {}

  /**
   * READY for a session just identified: its guilds listed as unavailable (each GUILD_CREATE
   * follows), and the URL it resumes at, which is the fleet's balancer, not this node.
   */
  static String of(
      Session identified,
      Identify identify,
      List<Long> guilds,
      String resumeGatewayUrl,
      String nodeId) {
    ObjectNode d = DiscordJson.MAPPER.createObjectNode();
    d.put("v", 10);
    d.set("user", DiscordJson.user(identified.user()));
    ArrayNode unavailable = d.putArray("guilds");
    guilds.forEach(
        id -> unavailable.addObject().put("id", Long.toString(id)).put("unavailable", true));
    d.put("session_id", identified.id());
    d.put("session_type", "normal");
    d.put("resume_gateway_url", resumeGatewayUrl);
    if (identify.shardCount() > 1) {
      d.putArray("shard").add(identify.shardId()).add(identify.shardCount());
    }
    d.putObject("application").put("id", Long.toString(identified.user().id())).put("flags", 0);
    d.putArray("private_channels");
    d.putArray("relationships");
    d.putArray("presences");
    d.putArray("guild_join_requests");
    d.putArray("geo_ordered_rtc_regions");
    d.putObject("user_settings");
    d.putObject("auth");
    d.putArray("_trace").add("[\"rtfleet-" + nodeId + "\"]");
    return DiscordJson.write(d);
  }
}
