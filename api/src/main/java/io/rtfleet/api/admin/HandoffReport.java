package io.rtfleet.api.admin;

/**
 * A handoff done: the receiver has the guilds and both nodes have the placement in force at {@code
 * epoch}; how long each step took on the giver.
 */
public record HandoffReport(
    String to,
    int slots,
    int guilds,
    long epoch,
    double handedOffMillis,
    double preparedMillis,
    double drainWritesMillis,
    double snapshotMillis,
    double adoptMillis,
    double placedMillis) {}
