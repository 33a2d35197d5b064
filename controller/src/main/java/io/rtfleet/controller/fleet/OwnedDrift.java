package io.rtfleet.controller.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Iterator;
import java.util.Map;

/**
 * Whether an object the operator owns was edited away from what the operator wants: every field the
 * operator sets must be in the object as it set it. Fields the API server fills in (a Service's
 * cluster IP, a port's protocol, status) are not the operator's and do not count.
 */
final class OwnedDrift {
  private OwnedDrift() {}

  static boolean differs(HasMetadata desired, HasMetadata actual) {
    JsonNode wanted = Serialization.jsonMapper().valueToTree(desired);
    JsonNode found = Serialization.jsonMapper().valueToTree(actual);
    return !contains(found, wanted);
  }

  /** Whether {@code actual} has every field of {@code wanted}, arrays element by element. */
  static boolean contains(JsonNode actual, JsonNode wanted) {
    if (wanted == null || wanted.isNull()) {
      return true;
    }
    if (actual == null || actual.isNull()) {
      return false;
    }
    if (wanted.isObject()) {
      if (!actual.isObject()) {
        return false;
      }
      for (Iterator<Map.Entry<String, JsonNode>> fields = wanted.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (!contains(actual.get(field.getKey()), field.getValue())) {
          return false;
        }
      }
      return true;
    }
    if (wanted.isArray()) {
      if (!actual.isArray() || actual.size() != wanted.size()) {
        return false;
      }
      for (int i = 0; i < wanted.size(); i++) {
        if (!contains(actual.get(i), wanted.get(i))) {
          return false;
        }
      }
      return true;
    }
    return wanted.equals(actual) || wanted.asText().equals(actual.asText());
  }
}
