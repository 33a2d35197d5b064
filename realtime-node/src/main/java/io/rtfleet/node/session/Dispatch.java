package io.rtfleet.node.session;

import io.rtfleet.api.protocol.Intent;
import java.nio.charset.StandardCharsets;

/**
 * One dispatch, encoded once for every session that receives it.
 *
 * <p>Each session stamps its own sequence number, so the encoding stops just before it: {@code
 * {"t":"MESSAGE_CREATE","op":0,"d":{...},"s":} and the session appends {@code 42}}. Message events
 * carry a second encoding with the content blanked, for sessions without the MESSAGE_CONTENT intent
 * (the author always sees its own content, as in Discord).
 */
public final class Dispatch {
  private static final int ALWAYS = 0;

  private final String type;
  private final int intent;
  private final byte[] head;
  private final byte[] headWithoutContent;
  private final long authorId;
  private final long guildId;
  private final long guildSeq;

  private Dispatch(String type, int intent, byte[] head, byte[] headWithoutContent, long authorId) {
    this(type, intent, head, headWithoutContent, authorId, 0, 0);
  }

  private Dispatch(
      String type,
      int intent,
      byte[] head,
      byte[] headWithoutContent,
      long authorId,
      long guildId,
      long guildSeq) {
    this.type = type;
    this.intent = intent;
    this.head = head;
    this.headWithoutContent = headWithoutContent;
    this.authorId = authorId;
    this.guildId = guildId;
    this.guildSeq = guildSeq;
  }

  /**
   * The same dispatch as event {@code guildSeq} of a guild (or, for a GUILD_CREATE, the state as of
   * that event): a session records how far it got in each guild, so that it can resume the guild
   * elsewhere from the next event. Shares the encodings.
   */
  public Dispatch sequenced(long guildId, long guildSeq) {
    return new Dispatch(type, intent, head, headWithoutContent, authorId, guildId, guildSeq);
  }

  /** The guild whose event this is, 0 for a dispatch that is not a numbered guild event. */
  public long guildId() {
    return guildId;
  }

  public long guildSeq() {
    return guildSeq;
  }

  /** A dispatch every session receives, whatever its intents. */
  public static Dispatch always(String type, String dataJson) {
    return new Dispatch(type, ALWAYS, encodeHead(type, dataJson), null, 0);
  }

  /** A dispatch received only by sessions with {@code intent}. */
  public static Dispatch gated(String type, int intent, String dataJson) {
    return new Dispatch(type, intent, encodeHead(type, dataJson), null, 0);
  }

  /** A message event, with the content-less variant for sessions lacking MESSAGE_CONTENT. */
  public static Dispatch message(
      String type, String dataJson, String dataJsonWithoutContent, long authorId) {
    return new Dispatch(
        type,
        Intent.GUILD_MESSAGES,
        encodeHead(type, dataJson),
        encodeHead(type, dataJsonWithoutContent),
        authorId);
  }

  /** A dispatch encoded elsewhere (by the guild's owner on another node), taken as it is. */
  public static Dispatch restore(
      String type, int intent, byte[] head, byte[] headWithoutContent, long authorId) {
    return new Dispatch(type, intent, head, headWithoutContent, authorId);
  }

  private static byte[] encodeHead(String type, String dataJson) {
    return ("{\"t\":\"" + type + "\",\"op\":0,\"d\":" + dataJson + ",\"s\":")
        .getBytes(StandardCharsets.UTF_8);
  }

  public String type() {
    return type;
  }

  /** The intent a session needs to receive it, 0 for every session. */
  public int intent() {
    return intent;
  }

  /** The encoding up to {@code "s":}; shared, never to be modified. */
  public byte[] head() {
    return head;
  }

  /** The content-less encoding of a message event, else null; shared, never to be modified. */
  public byte[] headWithoutContent() {
    return headWithoutContent;
  }

  public long authorId() {
    return authorId;
  }

  /**
   * The encoding a session with these intents receives, or null when its intents filter the
   * dispatch out.
   */
  public byte[] headFor(int sessionIntents, long sessionUserId) {
    if (!Intent.has(sessionIntents, intent)) {
      return null;
    }
    if (headWithoutContent != null
        && !Intent.has(sessionIntents, Intent.MESSAGE_CONTENT)
        && sessionUserId != authorId) {
      return headWithoutContent;
    }
    return head;
  }
}
