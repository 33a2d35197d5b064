package io.rtfleet.node.fleet;

import io.rtfleet.api.placement.SlotTable;
import java.net.InetSocketAddress;
import java.util.Map;

/** A placement as the controller pushes it: the slot table and the peer address of each node. */
public record Placement(SlotTable table, Map<String, InetSocketAddress> peers) {
  public Placement {
    peers = Map.copyOf(peers);
  }
}
