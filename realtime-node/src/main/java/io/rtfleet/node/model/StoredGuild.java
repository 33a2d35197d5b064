package io.rtfleet.node.model;

import java.util.List;

/**
 * A guild as the database holds it: its rows, and the posts of the last few minutes sent with
 * enforce_nonce, which a new owner must know to keep refusing duplicates.
 */
public record StoredGuild(
    long id,
    String name,
    long ownerId,
    List<Role> roles,
    List<Channel> channels,
    List<Member> members,
    List<Invite> invites,
    List<Message> noncePosts) {}
