package io.rtfleet.node.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtfleet.api.protocol.Slots;
import io.rtfleet.node.testing.TestNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The controller's view of a node: pushing placement epochs, fencing, and owner look-ups. */
class PlacementIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String table(long epoch, String... nodes) throws Exception {
    List<String> owners = new ArrayList<>();
    for (int slot = 0; slot < Slots.DEFAULT_SLOT_COUNT; slot++) {
      owners.add(nodes[slot % nodes.length]);
    }
    return "{\"epoch\":" + epoch + ",\"owners\":" + JSON.writeValueAsString(owners) + "}";
  }

  @Test
  void newerEpochsAreTakenStaleOnesRefusedAndOwnersAnsweredFromTheTable() throws Exception {
    try (TestNode node = TestNode.start()) {
      JsonNode initial = JSON.readTree(node.admin("GET", "/admin/placement", null).body());
      assertThat(initial.get("epoch").asLong()).isZero();
      assertThat(initial.get("owners"))
          .hasSize(4096)
          .allSatisfy(o -> assertThat(o.asText()).isEqualTo("node-0"));

      HttpResponse<String> taken =
          node.admin("PUT", "/admin/placement", table(1, "node-0", "node-1"));
      assertThat(taken.statusCode()).isEqualTo(200);
      assertThat(node.admin("PUT", "/admin/placement", table(1, "node-0", "node-1")).statusCode())
          .as("the table in force pushed again")
          .isEqualTo(200);

      HttpResponse<String> replayed = node.admin("PUT", "/admin/placement", table(1, "node-1"));
      assertThat(replayed.statusCode()).isEqualTo(409);
      assertThat(JSON.readTree(replayed.body()).get("message").asText())
          .isEqualTo("stale placement epoch 1: this node has epoch 1");
      assertThat(node.admin("PUT", "/admin/placement", table(0, "node-1")).statusCode())
          .isEqualTo(409);

      String owner = node.mintToken("placed");
      String guildId =
          node.call("POST", "/guilds", owner, "{\"name\":\"placed\"}").get("id").asText();
      int slot = Slots.of(Long.parseLong(guildId), 4096);
      JsonNode answer =
          JSON.readTree(node.admin("GET", "/admin/placement/owner/" + guildId, null).body());
      assertThat(answer.get("slot").asInt()).isEqualTo(slot);
      assertThat(answer.get("owner").asText()).isEqualTo(slot % 2 == 0 ? "node-0" : "node-1");
      assertThat(answer.get("epoch").asLong()).isEqualTo(1);
    }
  }

  @Test
  void aChangeIsAppliedToTheTableInForceAndRefusedOnAnotherBase() throws Exception {
    try (TestNode node = TestNode.start()) {
      assertThat(node.admin("PUT", "/admin/placement", table(1, "node-0", "node-1")).statusCode())
          .isEqualTo(200);
      String change = "{\"fromEpoch\":1,\"epoch\":2,\"slots\":{\"0\":\"node-1\"}}";

      HttpResponse<String> taken = node.admin("PATCH", "/admin/placement", change);
      assertThat(taken.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(taken.body()).get("epoch").asLong()).isEqualTo(2);
      JsonNode owners =
          JSON.readTree(node.admin("GET", "/admin/placement", null).body()).get("owners");
      assertThat(owners.get(0).asText()).isEqualTo("node-1");
      assertThat(owners.get(1).asText()).isEqualTo("node-1");
      assertThat(owners.get(2).asText()).isEqualTo("node-0");
      assertThat(node.admin("PATCH", "/admin/placement", change).statusCode())
          .as("the change in force sent again")
          .isEqualTo(200);
      HttpResponse<String> otherTable =
          node.admin(
              "PATCH",
              "/admin/placement",
              "{\"fromEpoch\":1,\"epoch\":2,\"slots\":{\"2\":\"node-1\"}}");
      assertThat(otherTable.statusCode())
          .as("another change to the same epoch: two tables must never share one")
          .isEqualTo(409);
      assertThat(JSON.readTree(otherTable.body()).get("message").asText())
          .isEqualTo(
              "this node has another table at epoch 2: read the placement again and plan on it");
      assertThat(
              JSON.readTree(node.admin("GET", "/admin/placement", null).body())
                  .get("owners")
                  .get(2)
                  .asText())
          .isEqualTo("node-0");

      HttpResponse<String> otherBase =
          node.admin("PATCH", "/admin/placement", "{\"fromEpoch\":5,\"epoch\":6,\"slots\":{}}");
      assertThat(otherBase.statusCode()).isEqualTo(409);
      assertThat(JSON.readTree(otherBase.body()).get("epoch").asLong()).isEqualTo(2);
      assertThat(JSON.readTree(otherBase.body()).get("message").asText())
          .contains("send the whole placement");
      assertThat(
              node.admin("PATCH", "/admin/placement", "{\"fromEpoch\":0,\"epoch\":1}").statusCode())
          .isEqualTo(409);
      HttpResponse<String> noSuchSlot =
          node.admin(
              "PATCH",
              "/admin/placement",
              "{\"fromEpoch\":2,\"epoch\":3,\"slots\":{\"9999\":\"node-0\"}}");
      assertThat(noSuchSlot.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(noSuchSlot.body()).get("message").asText())
          .startsWith("slots: no slot 9999");
    }
  }

  @Test
  void malformedTablesAreRefusedWithTheFieldNamed() throws Exception {
    try (TestNode node = TestNode.start()) {
      HttpResponse<String> noOwners = node.admin("PUT", "/admin/placement", "{\"epoch\":5}");
      assertThat(noOwners.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(noOwners.body()).get("message").asText())
          .startsWith("owners: one node id per slot is required");
      HttpResponse<String> badEpoch =
          node.admin("PUT", "/admin/placement", "{\"epoch\":-1,\"owners\":[\"a\"]}");
      assertThat(badEpoch.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(badEpoch.body()).get("message").asText()).startsWith("epoch:");
      HttpResponse<String> notATable =
          node.admin("PUT", "/admin/placement", "{\"epoch\":\"five\",\"owners\":3}");
      assertThat(notATable.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(notATable.body()).get("message").asText())
          .startsWith("not a valid PlacementDocument");
      assertThat(
              JSON.readTree(node.admin("GET", "/admin/placement", null).body())
                  .get("epoch")
                  .asLong())
          .isZero();
    }
  }
}
