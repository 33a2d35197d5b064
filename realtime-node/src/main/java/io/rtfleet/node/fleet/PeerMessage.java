package io.rtfleet.node.fleet;

import io.rtfleet.node.session.Dispatch;
import java.util.List;
import java.util.Map;

/**
 * What nodes of a fleet say to each other over a peer link. A link is opened by one node (the
 * client) to another (the server): the server challenges, the client proves it holds the fleet
 * secret, then the client sends requests and the server answers them on the same link, and streams
 * the events of the guilds the client follows.
 */
public sealed interface PeerMessage {

  /** Server to client, first thing on a link: a fresh nonce to sign. */
  record Challenge(byte[] nonce) implements PeerMessage {}

  /** Client to server: its node id and HMAC(fleet secret, nonce, node id). */
  record Authenticate(String nodeId, byte[] proof) implements PeerMessage {}

  /** Server to client: the proof was good; the server's node id. */
  record Welcome(String nodeId) implements PeerMessage {}

  /**
   * A REST request sent on to the guild's owner, with the sender's placement epoch and the
   * wall-clock time (epoch milliseconds) after which the sender no longer waits: the owner refuses
   * it then, so that a write whose client was told it failed is never applied later.
   */
  record RestRequest(
      long id,
      long epoch,
      String method,
      String path,
      String query,
      String authorization,
      byte[] body,
      long presetGuildId,
      long deadlineMillis)
      implements PeerMessage {}

  record RestReply(long id, int status, Map<String, String> headers, byte[] body)
      implements PeerMessage {}

  /**
   * Asks the owner to stream a guild's events to the sender from now on, for one of the sender's
   * sessions: with {@code fromSeq} 0 a new follower, which gets the GUILD_CREATE for its settings;
   * otherwise one that already has the guild and resumes at event {@code fromSeq}.
   */
  record Follow(
      long id, long epoch, long guildId, int largeThreshold, boolean presences, long fromSeq)
      implements PeerMessage {}

  /**
   * The owner's answer, sent exactly where the sender's stream of the guild goes on: the
   * GUILD_CREATE (new follower) or the events it missed (resuming follower), and the guild's last
   * sequence number. Not found when the owner does not have the guild, or no longer has the events
   * a resuming follower needs.
   */
  record Followed(
      long id,
      long guildId,
      boolean found,
      long lastSeq,
      EncodedDispatch guildCreate,
      List<SequencedDispatch> replay)
      implements PeerMessage {}

  /** The guild has moved to {@code owner}: its followers follow it there, from where they are. */
  record Moved(long guildId, String owner) implements PeerMessage {}

  /**
   * A handoff: the sender gives these guilds to the receiver, which loads their state from the
   * database and continues their numbering and event tails, and owns them once {@code epoch}, the
   * placement that moves them, is in force. In two steps: first {@code prepare} while the sender
   * still serves them (their newest events, and that {@code placement}, which the receiver checks
   * against the database ahead), then the adoption itself once the sender's writes wait (the events
   * since; no placement): the receiver puts the placement in force before it answers, so the
   * sender's waiting writes can go straight to it.
   */
  record Adopt(long id, long epoch, boolean prepare, List<HandedGuild> guilds, Placement placement)
      implements PeerMessage {}

  /**
   * The receiver's answer to an adoption: the placement epoch it has after it, the adoption's own
   * when it took the guilds and put the placement in force.
   */
  record Adopted(long id, long epoch) implements PeerMessage {}

  /**
   * One guild of a handoff: its last sequence number, the version of its state (channels, roles,
   * members), and events: its newest when preparing, those since the preparation when adopting.
   */
  record HandedGuild(long guildId, long lastSeq, long stateVersion, List<SequencedDispatch> tail) {}

  record SequencedDispatch(long seq, EncodedDispatch dispatch) {}

  /** The sender has no session left following the guild. */
  record Unfollow(long guildId) implements PeerMessage {}

  /** One event of a followed guild, in the guild's order. */
  record Event(long guildId, long seq, EncodedDispatch dispatch) implements PeerMessage {}

  /**
   * A session's client resumes on the sender: the receiver, if the session lives there, transfers
   * it if it belongs to {@code userId} (the user of the token the client resumed with) and can
   * still be resumed from {@code clientSeq}.
   */
  record PullSession(long id, String sessionId, long clientSeq, long userId)
      implements PeerMessage {}

  /**
   * The session transferred (or not found): settings, the dispatches after the client's sequence
   * number, and the last event of each guild it got.
   */
  record SessionState(
      long id,
      boolean found,
      long userId,
      int intents,
      int shardId,
      int shardCount,
      int largeThreshold,
      long clientSeq,
      List<EncodedDispatch> missed,
      Map<Long, Long> guildCursors)
      implements PeerMessage {}

  /** A change to the fleet-wide directory every node keeps (users, memberships, channels). */
  record DirectoryChange(long id, Kind kind, long first, long second, String name, int flags)
      implements PeerMessage {
    public enum Kind {
      USER,
      MEMBER_ADDED,
      MEMBER_REMOVED,
      CHANNEL_CREATED,
      /** A user's status changed on the node of its session: {@code name} is it, null offline. */
      PRESENCE
    }
  }

  /** Answers a request that needs no more than its arrival noted. */
  record Ack(long id) implements PeerMessage {}

  /**
   * The sender could not tell this node of some directory changes (the link was lost): this node
   * reads its directory again from the database, and answers with an {@link Ack} once it has.
   */
  record Resync(long id) implements PeerMessage {}

  /** Sent by either end of an idle link, so that a link silent past its timeout is known dead. */
  record Heartbeat() implements PeerMessage {}

  /** A dispatch as encoded once by its owner, with the content-less variant when it has one. */
  record EncodedDispatch(
      String type, int intent, byte[] head, byte[] headWithoutContent, long authorId) {
    public static EncodedDispatch of(Dispatch dispatch) {
      return new EncodedDispatch(
          dispatch.type(),
          dispatch.intent(),
          dispatch.head(),
          dispatch.headWithoutContent(),
          dispatch.authorId());
    }

    public Dispatch toDispatch() {
      return Dispatch.restore(type, intent, head, headWithoutContent, authorId);
    }
  }
}
