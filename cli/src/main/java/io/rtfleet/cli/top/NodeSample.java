package io.rtfleet.cli.top;

/**
 * One node as {@code rtctl top} saw it at one refresh: what the fleet's status says of it, and its
 * counters (null when its metrics could not be read from here).
 */
record NodeSample(
    String node,
    String phase,
    boolean ready,
    long sessions,
    long guilds,
    int slots,
    NodeCounters counters) {}
