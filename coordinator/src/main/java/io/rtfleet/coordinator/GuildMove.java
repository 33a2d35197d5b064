package io.rtfleet.coordinator;

import io.rtfleet.api.admin.HandoffReport;

/**
 * A guild moved by an override: the node that owned it, the one that owns it now, the epoch of the
 * table that says so, and the handoff's report (null when no handoff was needed: the owner stayed
 * the same, or the one it had was not there to hand anything).
 */
public record GuildMove(long guildId, String from, String to, long epoch, HandoffReport report) {}
