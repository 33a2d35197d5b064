package io.rtfleet.api.crd;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a GuildRebalance moves. */
public enum RebalanceMode {
  /** Any slot, until every node is within the balance factor of the mean. */
  @JsonProperty("full")
  FULL,
  /** Only onto the nodes named: fills new nodes, touches no other pair. */
  @JsonProperty("add-nodes")
  ADD_NODES,
  /** Every slot off the nodes named, onto the others. */
  @JsonProperty("remove-nodes")
  REMOVE_NODES
}
