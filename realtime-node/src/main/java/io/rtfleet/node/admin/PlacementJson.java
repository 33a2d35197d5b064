package io.rtfleet.node.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rtfleet.api.placement.SlotTable;
import io.rtfleet.api.snowflake.Snowflake;
import io.rtfleet.node.guild.ApiException;
import io.rtfleet.node.guild.DiscordJson;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The slot table as the admin API carries it: {@code {"epoch": 3, "owners": ["node-0", ...],
 * "overrides": {"<guild id>": "node-1"}}}, one owner per slot.
 */
final class PlacementJson {
  private PlacementJson() {}

  static ObjectNode write(SlotTable table) {
    ObjectNode json = DiscordJson.MAPPER.createObjectNode();
    json.put("epoch", table.epoch());
    json.put("slotCount", table.slotCount());
    ArrayNode owners = json.putArray("owners");
    for (int slot = 0; slot < table.slotCount(); slot++) {
      owners.add(table.ownerOfSlot(slot));
    }
    ObjectNode overrides = json.putObject("overrides");
    table.overrides().forEach((guild, node) -> overrides.put(Long.toString(guild), node));
    return json;
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
