package io.rtfleet.api.protocol;

/** Gateway intents this gateway understands, as bit flags of the IDENTIFY {@code intents}. */
public final class Intent {
  public static final int GUILDS = 1;
  public static final int GUILD_MEMBERS = 1 << 1;
  public static final int GUILD_MODERATION = 1 << 2;
  public static final int GUILD_EXPRESSIONS = 1 << 3;
  public static final int GUILD_INTEGRATIONS = 1 << 4;
  public static final int GUILD_WEBHOOKS = 1 << 5;
  public static final int GUILD_INVITES = 1 << 6;
  public static final int GUILD_VOICE_STATES = 1 << 7;
  public static final int GUILD_PRESENCES = 1 << 8;
  public static final int GUILD_MESSAGES = 1 << 9;
  public static final int GUILD_MESSAGE_REACTIONS = 1 << 10;
  public static final int GUILD_MESSAGE_TYPING = 1 << 11;
  public static final int DIRECT_MESSAGES = 1 << 12;
  public static final int DIRECT_MESSAGE_REACTIONS = 1 << 13;
  public static final int DIRECT_MESSAGE_TYPING = 1 << 14;
  public static final int MESSAGE_CONTENT = 1 << 15;
  public static final int GUILD_SCHEDULED_EVENTS = 1 << 16;
  public static final int AUTO_MODERATION_CONFIGURATION = 1 << 20;
  public static final int AUTO_MODERATION_EXECUTION = 1 << 21;
  public static final int GUILD_MESSAGE_POLLS = 1 << 24;
  public static final int DIRECT_MESSAGE_POLLS = 1 << 25;

  /** Every bit Discord defines; any other bit in IDENTIFY is closed with 4013. */
  public static final int ALL =
      GUILDS
          | GUILD_MEMBERS
          | GUILD_MODERATION
          | GUILD_EXPRESSIONS
          | GUILD_INTEGRATIONS
          | GUILD_WEBHOOKS
          | GUILD_INVITES
          | GUILD_VOICE_STATES
          | GUILD_PRESENCES
          | GUILD_MESSAGES
          | GUILD_MESSAGE_REACTIONS
          | GUILD_MESSAGE_TYPING
          | DIRECT_MESSAGES
          | DIRECT_MESSAGE_REACTIONS
          | DIRECT_MESSAGE_TYPING
          | MESSAGE_CONTENT
          | GUILD_SCHEDULED_EVENTS
          | AUTO_MODERATION_CONFIGURATION
          | AUTO_MODERATION_EXECUTION
          | GUILD_MESSAGE_POLLS
          | DIRECT_MESSAGE_POLLS;

  /** Intents an application must be allowed to use; otherwise IDENTIFY is closed with 4014. */
  public static final int PRIVILEGED = GUILD_MEMBERS | GUILD_PRESENCES | MESSAGE_CONTENT;

  private Intent() {}

  public static boolean has(int intents, int intent) {
    return (intents & intent) == intent;
  }
}
