package io.rtfleet.controller.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.rtfleet.api.crd.DatabaseSpec;
import io.rtfleet.api.crd.NodeTemplate;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The revision of what a node pod runs: a hash of the node template and the database reference as
 * canonical JSON (keys sorted), so that the same spec always has the same revision and any change
 * to what runs in a pod makes a new one, which is rolled out. Ten hex digits, as short as
 * Kubernetes' {@code pod-template-hash}. Replicas and placement are not part of it: changing them
 * restarts nothing.
 */
public final class Revision {
  private static final JsonMapper CANONICAL =
      JsonMapper.builder()
          .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
          .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
          .build();

  private Revision() {}

  public static String of(NodeTemplate template, DatabaseSpec database) {
    try {
      byte[] json =
          CANONICAL.writeValueAsBytes(
              Map.of(
                  "template", template == null ? Map.of() : template,
                  "database", database == null ? Map.of() : database));
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(json);
      return HexFormat.of().formatHex(digest, 0, 5);
    } catch (JsonProcessingException | NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("cannot hash a node template", impossible);
    }
  }
}
