package io.rtfleet.controller.model;

import java.util.LinkedHashMap;
import java.util.Map;

/** The labels and annotations the operator puts on what it owns, and selects its pods by. */
public final class FleetLabels {
  public static final String NAME = "app.kubernetes.io/name";
  public static final String INSTANCE = "app.kubernetes.io/instance";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String FLEET = "rtfleet.io/fleet";
  public static final String REVISION = "rtfleet.io/revision";
  public static final String NODE_NAME = "realtime-node";
  public static final String OPERATOR = "rtfleet-operator";

  /**
   * Set by someone on a pod to have its node drained: {@code true} drains it into a replacement and
   * deletes the pod ({@code rtctl node replace}, an eviction); {@link #DRAIN_AND_KEEP} drains it
   * into the other nodes and keeps it, cordoned and empty ({@code rtctl node drain}), and the
   * operator then swaps the annotation for {@code rtfleet.io/cordon=true}.
   */
  public static final String DRAIN_ANNOTATION = "rtfleet.io/drain";

  /** The {@link #DRAIN_ANNOTATION} value that keeps the drained node's pod. */
  public static final String DRAIN_AND_KEEP = "keep";

  /**
   * Set by the operator on a pod it drained, just before it deletes it: a pod being deleted without
   * it was deleted by someone else, and its node is drained before it stops.
   */
  public static final String DRAINED_ANNOTATION = "rtfleet.io/drained";

  /** Set by someone on a pod to have its node cordoned ({@code true}) or uncordoned. */
  public static final String CORDON_ANNOTATION = "rtfleet.io/cordon";

  private FleetLabels() {}

  /** What selects every node pod of {@code fleet}, whatever its revision. */
  public static Map<String, String> selector(String fleet) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(NAME, NODE_NAME);
    labels.put(FLEET, fleet);
    return labels;
  }

  /** {@link #selector} as the scale subresource's {@code status.labelSelector} has it. */
  public static String selectorString(String fleet) {
    return NAME + "=" + NODE_NAME + "," + FLEET + "=" + fleet;
  }

  /** The labels of everything the operator makes for {@code fleet}. */
  public static Map<String, String> owned(String fleet) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(INSTANCE, fleet);
    labels.put(MANAGED_BY, OPERATOR);
    labels.put(FLEET, fleet);
    return labels;
  }

  /** The labels of one node pod of {@code fleet} at {@code revision}. */
  public static Map<String, String> pod(String fleet, String revision) {
    Map<String, String> labels = owned(fleet);
    labels.putAll(selector(fleet));
    labels.put(REVISION, revision);
    return labels;
  }
}
