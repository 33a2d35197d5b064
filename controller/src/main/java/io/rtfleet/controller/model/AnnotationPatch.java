package io.rtfleet.controller.model;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.HashMap;
import java.util.Map;

/**
 * The JSON merge patch that sets one annotation, or removes it: the only patch both a real API
 * server and Fabric8's mock server apply alike. A removal is the key set to null, which a real API
 * server deletes and the mock server keeps as null; readers treat a null value as no annotation.
 */
public final class AnnotationPatch {
  private AnnotationPatch() {}

  /** Sets {@code key} to {@code value}, or removes it when {@code value} is null. */
  public static String of(String key, String value) {
    Map<String, String> annotations = new HashMap<>();
    annotations.put(key, value);
    return patch(annotations);
  }

  /** Two annotations in one patch, each set, or removed when its value is null. */
  public static String of(String key, String value, String otherKey, String otherValue) {
    Map<String, String> annotations = new HashMap<>();
    annotations.put(key, value);
    annotations.put(otherKey, otherValue);
    return patch(annotations);
  }

  private static String patch(Map<String, String> annotations) {
    return Serialization.asJson(Map.of("metadata", Map.of("annotations", annotations)));
  }
}
