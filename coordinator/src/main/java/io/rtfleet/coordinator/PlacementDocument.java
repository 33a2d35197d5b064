package io.rtfleet.coordinator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rtfleet.api.placement.SlotTable;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The placement as the node admin API carries it ({@code PUT /admin/placement}): the slot table and
 * the peer address of every node.
 */
public final class PlacementDocument {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PlacementDocument() {}

  public static ObjectNode write(SlotTable table, Map<String, String> peers) {
    ObjectNode json = JSON.createObjectNode();
    json.put("epoch", table.epoch());
    ArrayNode owners = json.putArray("owners");
    for (int slot = 0; slot < table.slotCount(); slot++) {
      owners.add(table.ownerOfSlot(slot));
    }
    ObjectNode overrides = json.putObject("overrides");
    table.overrides().forEach((guild, node) -> overrides.put(Long.toString(guild), node));
    ObjectNode addresses = json.putObject("peers");
    peers.forEach(addresses::put);
    return json;
  }

  public static SlotTable readTable(JsonNode json) {
    JsonNode owners = json.path("owners");
    String[] slots = new String[owners.size()];
    for (int slot = 0; slot < slots.length; slot++) {
      slots[slot] = owners.get(slot).asText();
    }
    Map<Long, String> overrides = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = json.path("overrides").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> pin = it.next();
      overrides.put(Long.parseLong(pin.getKey()), pin.getValue().asText());
    }
    return new SlotTable(json.path("epoch").asLong(), slots, overrides);
  }
}
