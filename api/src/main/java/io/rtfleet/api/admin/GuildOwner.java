package io.rtfleet.api.admin;

/**
 * Where a guild lives by a node's table: its slot, its owner, the table's epoch, and whether an
 * override pins it there (rather than its slot placing it).
 */
public record GuildOwner(String guildId, int slot, String owner, long epoch, boolean pinned) {}
