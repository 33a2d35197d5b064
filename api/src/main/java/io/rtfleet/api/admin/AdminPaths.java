package io.rtfleet.api.admin;

/** The admin API's version and paths. */
public final class AdminPaths {
  /** The contract's major version, sent in {@link #VERSION_HEADER} and in {@link NodeState}. */
  public static final int VERSION = 1;

  /**
   * The oldest version this side still speaks. A release that raises {@link #VERSION} keeps the
   * previous one here, so that nodes and coordinators one release apart work together while a fleet
   * rolls; the release after may drop it.
   */
  public static final int OLDEST_VERSION = 1;

  public static final String VERSION_HEADER = "Rtfleet-Admin-Version";

  public static final String HEALTH = "/healthz";
  public static final String READY = "/readyz";
  public static final String METRICS = "/metrics";
  public static final String STATE = "/admin/state";
  public static final String PLACEMENT = "/admin/placement";
  public static final String OWNER = "/admin/placement/owner/";
  public static final String HANDOFF = "/admin/handoff";
  public static final String WRITE_PAUSES = "/admin/handoff/pauses";
  public static final String DRAIN = "/admin/drain";
  public static final String CORDON = "/admin/cordon";
  public static final String RECONNECT = "/admin/reconnect";
  public static final String TOKENS = "/admin/tokens";
  public static final String GC = "/admin/gc";

  private AdminPaths() {}

  /** Whether a caller that says it speaks {@code version} can be answered. */
  public static boolean speaks(int version) {
    return version >= OLDEST_VERSION && version <= VERSION;
  }
}
