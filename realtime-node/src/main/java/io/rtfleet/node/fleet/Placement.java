package io.rtfleet.node.fleet;

import io.rtfleet.api.admin.AdminCodec;
import io.rtfleet.api.admin.PlacementDocument;
import io.rtfleet.api.placement.SlotTable;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** A placement as the controller pushes it: the slot table and the peer address of each node. */
public record Placement(SlotTable table, Map<String, InetSocketAddress> peers) {
  public Placement {
    peers = Map.copyOf(peers);
  }

  /**
   * The placement a document describes; an {@link IllegalArgumentException} naming the field for a
   * document that is not one.
   */
  public static Placement of(PlacementDocument document) {
    Map<String, InetSocketAddress> addresses = new HashMap<>();
    document
        .peers()
        .forEach(
            (node, address) -> {
              int colon = address == null ? -1 : address.lastIndexOf(':');
              int port = colon < 0 ? -1 : port(address.substring(colon + 1));
              if (colon <= 0 || port < 1) {
                throw new IllegalArgumentException(
                    "peers: peer " + node + " needs host:port, not " + address);
              }
              addresses.put(
                  node, InetSocketAddress.createUnresolved(address.substring(0, colon), port));
            });
    return new Placement(document.table(), addresses);
  }

  private static int port(String text) {
    try {
      int port = Integer.parseInt(text);
      return port <= 65_535 ? port : -1;
    } catch (NumberFormatException notANumber) {
      return -1;
    }
  }

  public PlacementDocument document() {
    Map<String, String> addresses = new LinkedHashMap<>();
    peers.forEach(
        (node, address) -> addresses.put(node, address.getHostString() + ":" + address.getPort()));
    return PlacementDocument.of(table, addresses);
  }

  /** The document as stored in the database. */
  public String json() {
    return AdminCodec.writeString(document());
  }
}
