package io.rtfleet.node.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rtfleet.api.placement.SlotTable;
import io.rtfleet.api.snowflake.Snowflake;
import io.rtfleet.node.guild.ApiException;
import io.rtfleet.node.guild.DiscordJson;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The slot table as the admin API carries it: {@code {"epoch": 3, "owners": ["node-0", ...],
 * "overrides": {"<guild id>": "node-1"}, "peers": {"node-1": "10.0.0.7:7000"}}}, one owner per
 * slot, and the peer address of each other node of the fleet.
 */
final class PlacementJson {
  private PlacementJson() {}

  static ObjectNode write(SlotTable table, Map<String, InetSocketAddress> peers) {
    ObjectNode json = DiscordJson.MAPPER.createObjectNode();
    json.put("epoch", table.epoch());
    json.put("slotCount", table.slotCount());
    ArrayNode owners = json.putArray("owners");
    for (int slot = 0; slot < table.slotCount(); slot++) {
      owners.add(table.ownerOfSlot(slot));
    }
    ObjectNode overrides = json.putObject("overrides");
    table.overrides().forEach((guild, node) -> overrides.put(Long.toString(guild), node));
    ObjectNode addresses = json.putObject("peers");
    peers.forEach(
        (node, address) -> addresses.put(node, address.getHostString() + ":" + address.getPort()));
    return json;
  }

  /** The peer addresses of a pushed table, node id to host and port. */
  static Map<String, InetSocketAddress> readPeers(JsonNode json) {
    JsonNode peers = json.path("peers");
    if (peers.isMissingNode()) {
      return Map.of();
    }
    if (!peers.isObject()) {
      throw ApiException.invalidField("peers", "an object of node id to host:port is required");
    }
    Map<String, InetSocketAddress> addresses = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = peers.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> peer = it.next();
      String text = peer.getValue().asText("");
      int colon = text.lastIndexOf(':');
      int port = colon < 0 ? -1 : parsePort(text.substring(colon + 1));
      if (!peer.getValue().isTextual() || colon <= 0 || port < 1) {
        throw ApiException.invalidField(
            "peers", "peer " + peer.getKey() + " needs host:port, not " + peer.getValue());
      }
      addresses.put(
          peer.getKey(), InetSocketAddress.createUnresolved(text.substring(0, colon), port));
    }
    return addresses;
  }

  private static int parsePort(String text) {
    try {
      int port = Integer.parseInt(text);
      return port <= 65_535 ? port : -1;
    } catch (NumberFormatException notANumber) {
      return -1;
    }
  }

  static SlotTable read(JsonNode json) {
    if (!json.path("epoch").canConvertToExactIntegral() || json.path("epoch").asLong(-1) < 0) {
      throw ApiException.invalidField("epoch", "a non-negative integer is required");
    }
    JsonNode owners = json.path("owners");
    if (!owners.isArray() || owners.isEmpty()) {
      throw ApiException.invalidField("owners", "one node id per slot is required");
    }
    String[] slots = new String[owners.size()];
    for (int slot = 0; slot < slots.length; slot++) {
      if (!owners.get(slot).isTextual() || owners.get(slot).asText().isBlank()) {
        throw ApiException.invalidField("owners", "slot " + slot + " has no node id");
      }
      slots[slot] = owners.get(slot).asText();
    }
    Map<Long, String> overrides = new HashMap<>();
    JsonNode pinned = json.path("overrides");
    if (!pinned.isMissingNode() && !pinned.isObject()) {
      throw ApiException.invalidField("overrides", "an object of guild id to node id is required");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = pinned.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> pin = it.next();
      long guild = Snowflake.parse(pin.getKey());
      if (guild < 0 || !pin.getValue().isTextual()) {
        throw ApiException.invalidField("overrides", "bad override " + pin.getKey());
      }
      overrides.put(guild, pin.getValue().asText());
    }
    return new SlotTable(json.get("epoch").asLong(), slots, overrides);
  }
}
