package io.rtfleet.controller.model;

/**
 * A fleet spec the operator will not act on, naming the field: reported as {@code Ready=False} with
 * reason {@code InvalidSpec}, never a crash loop. A real API server refuses most of these through
 * the CRD schema already; Fabric8's mock server and an edited schema do not.
 */
public final class InvalidSpec extends RuntimeException {
  private final String field;

  public InvalidSpec(String field, String problem) {
    super("spec." + field + ": " + problem, null, false, false);
    this.field = field;
  }

  /** The path of the field under {@code spec}, such as {@code rollout.maxSurge}. */
  public String field() {
    return field;
  }
}
