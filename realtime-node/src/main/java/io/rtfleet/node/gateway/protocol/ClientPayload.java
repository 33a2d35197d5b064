package io.rtfleet.node.gateway.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/** A decoded client payload: its opcode and its data (a JSON null node when absent). */
public record ClientPayload(int op, JsonNode d) {}
