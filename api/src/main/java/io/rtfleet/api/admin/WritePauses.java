package io.rtfleet.api.admin;

/** How long guilds' writes waited during handoffs since the last reading: count and quantiles. */
public record WritePauses(int guilds, double p50Ms, double p90Ms, double p99Ms, double maxMs) {}
