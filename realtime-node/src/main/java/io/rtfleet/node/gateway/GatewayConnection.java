package io.rtfleet.node.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;
import io.rtfleet.api.protocol.CloseCode;
import io.rtfleet.api.protocol.Intent;
import io.rtfleet.api.protocol.Opcode;
import io.rtfleet.node.auth.TokenClaims;
import io.rtfleet.node.gateway.protocol.ClientCloseCodes;
import io.rtfleet.node.gateway.protocol.ClientPayload;
import io.rtfleet.node.gateway.protocol.GatewayRefusal;
import io.rtfleet.node.gateway.protocol.Identify;
import io.rtfleet.node.gateway.protocol.PayloadDecoder;
import io.rtfleet.node.gateway.protocol.PresenceStatus;
import io.rtfleet.node.gateway.protocol.Resume;
import io.rtfleet.node.guild.DiscordJson;
import io.rtfleet.node.guild.User;
import io.rtfleet.node.limit.WindowCounter;
import io.rtfleet.node.session.Dispatch;
import io.rtfleet.node.session.GatewayLink;
import io.rtfleet.node.session.Session;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's WebSocket connection after the handshake: HELLO, heartbeats and zombie detection,
 * the per-connection event budget, and the opcodes. It is the {@link GatewayLink} of the session it
 * identified or resumed; the session itself outlives it.
 *
 * <p>Failures are closes with Discord's codes: undecodable or oversized payloads 4002, unknown
 * opcodes 4001, anything before IDENTIFY 4003, a bad token 4004, a second IDENTIFY 4005, more than
 * the event budget 4008, a missed heartbeat window 4009.
 */
final class GatewayConnection extends SimpleChannelInboundHandler<WebSocketFrame>
    implements GatewayLink {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayConnection.class);

  private final GatewayServices services;
  private final PayloadDecoder decoder;
  private final WindowCounter eventBudget;
  private final long heartbeatIntervalNanos;
  private final boolean supportedVersion;
  private final boolean compressed;
  private Channel channel;
  private Session session;
  private long lastHeartbeatNanos;
  private boolean heartbeatRequested;
  private ScheduledFuture<?> heartbeatCheck;
  private boolean closing;
  private boolean resuming;
  private boolean flushPending;
  private volatile boolean reconnectRequested;
  private FlushBatcher flushes;

  GatewayConnection(GatewayServices services, boolean supportedVersion, boolean compressed) {
    this.services = services;
    this.supportedVersion = supportedVersion;
    this.compressed = compressed;
    this.decoder = new PayloadDecoder(services.config().maxPayloadBytes());
    this.eventBudget =
        new WindowCounter(
            services.config().clientEventsPerWindow(),
            services.config().clientEventWindow().toNanos());
    this.heartbeatIntervalNanos = services.config().heartbeatInterval().toNanos();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    channel = ctx.channel();
    flushes = services.flushBatchers().of(channel.eventLoop());
    if (!supportedVersion) {
      close(CloseCode.INVALID_API_VERSION);
      return;
    }
    lastHeartbeatNanos = services.nanoClock().getAsLong();
    sendPayload(
        "{\"op\":10,\"d\":{\"heartbeat_interval\":"
            + services.config().heartbeatInterval().toMillis()
            + "},\"s\":null,\"t\":null}");
    channel.flush();
    long checkEvery = Math.max(1, heartbeatIntervalNanos / 4);
    heartbeatCheck =
        ctx.executor()
            .scheduleAtFixedRate(
                this::checkHeartbeat, checkEvery, checkEvery, TimeUnit.NANOSECONDS);
  }

  /**
   * A client that misses one interval is asked for a heartbeat (op 1); one that stays silent for an
   * interval and a half is a zombie and is closed.
   */
  private void checkHeartbeat() {
    long silent = services.nanoClock().getAsLong() - lastHeartbeatNanos;
    if (silent > heartbeatIntervalNanos + heartbeatIntervalNanos / 2) {
      close(CloseCode.SESSION_TIMED_OUT);
    } else if (silent > heartbeatIntervalNanos && !heartbeatRequested) {
      heartbeatRequested = true;
      sendPayload("{\"op\":1,\"d\":" + (session == null ? "null" : session.seq()) + "}");
      channel.flush();
    }
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
    if (closing) {
      return;
    }
    if (frame instanceof CloseWebSocketFrame close) {
      clientClosed(close.statusCode());
      return;
    }
    if (frame instanceof PingWebSocketFrame ping) {
      ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
      return;
    }
    if (frame instanceof PongWebSocketFrame) {
      return;
    }
    if (!eventBudget.tryAcquire(services.nanoClock().getAsLong())) {
      close(CloseCode.RATE_LIMITED);
      return;
    }
    try {
      ClientPayload payload = decoder.decode(ByteBufUtil.getBytes(frame.content()));
      handle(payload);
    } catch (GatewayRefusal refusal) {
      LOG.debug(
          "closing {} with {}: {}", channel.remoteAddress(), refusal.code(), refusal.getMessage());
      close(refusal.code());
    }
  }

  private void handle(ClientPayload payload) throws GatewayRefusal {
    switch (payload.op()) {
      case Opcode.HEARTBEAT -> heartbeat(payload);
      case Opcode.IDENTIFY -> identify(Identify.parse(payload.d()));
      case Opcode.RESUME -> resume(Resume.parse(payload.d()));
      case Opcode.PRESENCE_UPDATE -> presence(payload);
      case Opcode.VOICE_STATE_UPDATE, Opcode.REQUEST_GUILD_MEMBERS -> requireSession();
      default -> throw new GatewayRefusal(CloseCode.UNKNOWN_OPCODE, "unknown op " + payload.op());
    }
  }

  private void heartbeat(ClientPayload payload) {
    lastHeartbeatNanos = services.nanoClock().getAsLong();
    heartbeatRequested = false;
    if (session != null && payload.d().canConvertToLong()) {
      Session acked = session;
      long seq = payload.d().longValue();
      acked.executor().execute(() -> acked.acknowledge(seq));
    }
    sendPayload("{\"op\":11}");
    channel.flush();
  }

  private void requireSession() throws GatewayRefusal {
    if (session == null) {
      throw new GatewayRefusal(CloseCode.NOT_AUTHENTICATED, "not identified");
    }
  }

  private void identify(Identify identify) throws GatewayRefusal {
    if (session != null) {
      throw new GatewayRefusal(CloseCode.ALREADY_AUTHENTICATED, "already identified");
    }
    User user = authenticate(identify.token());
    if ((identify.intents() & Intent.PRIVILEGED) != 0 && !user.privilegedIntents()) {
      throw new GatewayRefusal(CloseCode.DISALLOWED_INTENTS, "privileged intents not enabled");
    }
    int bucket = identify.shardId() % services.config().maxConcurrency();
    if (services.identifyLimiter().acquire(user.id() * 1024 + bucket) > 0) {
      invalidSession();
      return;
    }
    Session identified =
        new Session(
            services.sessionIds().get(),
            user,
            identify.intents(),
            identify.shardId(),
            identify.shardCount(),
            identify.largeThreshold(),
            channel.eventLoop(),
            services.config().replayCapacity(),
            this,
            this::sessionEnded);
    List<Long> guilds = services.engine().guildsFollowedBy(identified);
    if (guilds.size() > services.config().maxGuildsPerShard()) {
      throw new GatewayRefusal(CloseCode.SHARDING_REQUIRED, guilds.size() + " guilds on one shard");
    }
    session = identified;
    services.sessions().add(identified);
    services.metrics().identified();
    identified.deliver(Dispatch.always("READY", ready(identified, identify, guilds)));
    services.engine().subscribeAll(identified, guilds);
    if (services.directory().setStatus(user.id(), identify.status()) == null) {
      services.engine().presenceChanged(user.id(), services.directory().status(user.id()));
    }
  }

  private String ready(Session identified, Identify identify, List<Long> guilds) {
    ObjectNode d = DiscordJson.MAPPER.createObjectNode();
    d.put("v", 10);
    d.set("user", DiscordJson.user(identified.user()));
    ArrayNode unavailable = d.putArray("guilds");
    guilds.forEach(
        id -> unavailable.addObject().put("id", Long.toString(id)).put("unavailable", true));
    d.put("session_id", identified.id());
    d.put("session_type", "normal");
    d.put("resume_gateway_url", services.config().gatewayUrl());
    if (identify.shardCount() > 1) {
      d.putArray("shard").add(identify.shardId()).add(identify.shardCount());
    }
    d.putObject("application").put("id", Long.toString(identified.user().id())).put("flags", 0);
    d.putArray("private_channels");
    d.putArray("relationships");
    d.putArray("presences");
    d.putArray("guild_join_requests");
    d.putArray("geo_ordered_rtc_regions");
    d.putObject("user_settings");
    d.putObject("auth");
    d.putArray("_trace").add("[\"rtfleet-" + services.config().nodeId() + "\"]");
    return DiscordJson.write(d);
  }

  private void resume(Resume resume) throws GatewayRefusal {
    if (session != null || resuming) {
      throw new GatewayRefusal(CloseCode.ALREADY_AUTHENTICATED, "already identified");
    }
    User user = authenticate(resume.token());
    Session resumable = services.sessions().get(resume.sessionId());
    if (resumable == null && services.transfer().mayLiveElsewhere(resume.sessionId())) {
      takeOver(user, resume);
      return;
    }
    if (resumable == null || resumable.user().id() != user.id()) {
      services.metrics().resumed(false);
      invalidSession();
      return;
    }
    session = resumable;
    resumable
        .executor()
        .execute(
            () -> {
              boolean resumed =
                  resumable.resume(this, resume.seq(), Dispatch.always("RESUMED", "{}"));
              services.metrics().resumed(resumed);
              if (!resumed) {
                channel.eventLoop().execute(this::resumeRefused);
              }
            });
  }

  /**
   * The session lives on another node (its client was asked to move): pulls it from there, then
   * resumes it here and has it follow its guilds from where it got to.
   */
  private void takeOver(User user, Resume resume) {
    resuming = true;
    services
        .transfer()
        .pull(resume.sessionId(), resume.seq(), user.id())
        .whenComplete(
            (handover, failure) ->
                channel.eventLoop().execute(() -> tookOver(user, resume, handover)));
  }

  private void tookOver(User user, Resume resume, Session.Handover handover) {
    resuming = false;
    if (closing || !channel.isActive()) {
      return;
    }
    if (handover == null || handover.userId() != user.id()) {
      services.metrics().resumed(false);
      invalidSession();
      return;
    }
    Session taken =
        new Session(
            handover.id(),
            user,
            handover.intents(),
            handover.shardId(),
            handover.shardCount(),
            handover.largeThreshold(),
            channel.eventLoop(),
            services.config().replayCapacity(),
            null,
            this::sessionEnded);
    taken.continueFrom(handover);
    session = taken;
    services.sessions().add(taken);
    services.transfer().arrived(taken.id());
    boolean resumed = taken.resume(this, resume.seq(), Dispatch.always("RESUMED", "{}"));
    services.metrics().resumed(resumed);
    services.engine().followFrom(taken, handover.guildCursors());
    if (services.directory().setStatus(user.id(), "online") == null) {
      services.engine().presenceChanged(user.id(), services.directory().status(user.id()));
    }
  }

  private void resumeRefused() {
    session = null;
    invalidSession();
  }

  /** op 9 with {@code d: false}: the client must identify anew. */
  private void invalidSession() {
    sendPayload("{\"op\":9,\"d\":false}");
    channel.flush();
  }

  private void presence(ClientPayload payload) throws GatewayRefusal {
    requireSession();
    if (!payload.d().isObject() || !payload.d().path("status").isTextual()) {
      throw new GatewayRefusal(CloseCode.DECODE_ERROR, "presence update needs a status");
    }
    long userId = session.user().id();
    String status = PresenceStatus.parse(payload.d().get("status").asText());
    String before = services.directory().status(userId);
    services.directory().setStatus(userId, status);
    String after = services.directory().status(userId);
    if (!java.util.Objects.equals(before, after)) {
      services.engine().presenceChanged(userId, after);
    }
  }

  /**
   * Discord takes a bot's token with or without the {@code Bot } prefix here; a user's token with
   * it is the same mismatch REST refuses.
   */
  private User authenticate(String token) throws GatewayRefusal {
    boolean botScheme = token.startsWith("Bot ");
    String bare = botScheme ? token.substring(4) : token;
    Optional<TokenClaims> claims =
        services.tokens().verify(bare).filter(verified -> verified.bot() || !botScheme);
    User user = claims.map(c -> services.directory().user(c.userId())).orElse(null);
    if (user == null) {
      throw new GatewayRefusal(CloseCode.AUTHENTICATION_FAILED, "invalid token");
    }
    return user;
  }

  /** Runs on the session's executor when the session ends for good. */
  private void sessionEnded(Session ended) {
    long userId = ended.user().id();
    // A session handed to another node lives on there: its user does not go offline.
    if (services.sessions().remove(ended) && !ended.wasHandedOver()) {
      services.directory().setStatus(userId, null);
      services.engine().presenceChanged(userId, null);
    }
    services.engine().unsubscribeAll(ended);
    if (ended.arrivedFromElsewhere() && !ended.wasHandedOver()) {
      services.transfer().endedAfterMoving(ended.id());
    }
  }

  /**
   * Asks the client to reconnect and resume (op 7), closing after a grace period if it does not.
   */
  @Override
  public void requestReconnect() {
    if (!channel.eventLoop().inEventLoop()) {
      channel.eventLoop().execute(this::requestReconnect);
      return;
    }
    if (closing || reconnectRequested) {
      return;
    }
    reconnectRequested = true;
    sendPayload("{\"op\":7,\"d\":null}");
    channel.flush();
    channel
        .eventLoop()
        .schedule(
            () -> close(CloseCode.UNKNOWN_ERROR),
            services.config().reconnectGrace().toMillis(),
            TimeUnit.MILLISECONDS);
  }

  @Override
  public boolean reconnectRequested() {
    return reconnectRequested;
  }

  // ---- GatewayLink

  /**
   * Writes the dispatch frame. Uncompressed, the complete WebSocket frame (header and payload) is
   * built in one buffer and passes the WebSocket encoder untouched: one allocation and one copy of
   * the shared encoding per delivery. Compressed, it goes through the zlib stream as a text frame.
   */
  @Override
  public void sendDispatch(byte[] head, long seq) {
    int digits = digits(seq);
    int payload = head.length + digits + 1;
    if (compressed) {
      ByteBuf frame = channel.alloc().buffer(payload);
      writePayload(frame, head, seq, digits);
      channel.write(new TextWebSocketFrame(frame), channel.voidPromise());
      return;
    }
    ByteBuf frame = channel.alloc().buffer(payload + 10);
    frame.writeByte(0x81); // FIN, text
    if (payload < 126) {
      frame.writeByte(payload);
    } else if (payload < 65_536) {
      frame.writeByte(126);
      frame.writeShort(payload);
    } else {
      frame.writeByte(127);
      frame.writeLong(payload);
    }
    writePayload(frame, head, seq, digits);
    channel.write(frame, channel.voidPromise());
  }

  private static void writePayload(ByteBuf frame, byte[] head, long seq, int digits) {
    frame.writeBytes(head);
    int end = frame.writerIndex() + digits;
    frame.writerIndex(end);
    long rest = seq;
    for (int at = end - 1; at >= end - digits; at--) {
      frame.setByte(at, (int) ('0' + rest % 10));
      rest /= 10;
    }
    frame.writeByte('}');
  }

  private static int digits(long value) {
    int digits = 1;
    for (long rest = value / 10; rest > 0; rest /= 10) {
      digits++;
    }
    return digits;
  }

  private void sendPayload(String json) {
    channel.write(new TextWebSocketFrame(json));
  }

  /** Dispatch flushes are batched per event loop; see {@link FlushBatcher}. */
  @Override
  public void flush() {
    if (!channel.eventLoop().inEventLoop()) {
      channel.flush();
    } else if (!flushPending) {
      flushPending = true;
      flushes.flushSoon(this);
    }
  }

  void flushNow() {
    flushPending = false;
    channel.flush();
  }

  @Override
  public boolean writable() {
    return channel.isWritable();
  }

  @Override
  public void close(CloseCode code) {
    if (!channel.eventLoop().inEventLoop()) {
      channel.eventLoop().execute(() -> close(code));
      return;
    }
    if (closing) {
      return;
    }
    closing = true;
    services.metrics().closed(code);
    channel
        .writeAndFlush(new CloseWebSocketFrame(code.code(), code.reason()))
        .addListener(ChannelFutureListener.CLOSE);
    endSession(code.resumable());
  }

  private void clientClosed(int statusCode) {
    if (statusCode >= 0 && !ClientCloseCodes.isValid(statusCode)) {
      close(CloseCode.DECODE_ERROR);
      return;
    }
    closing = true;
    channel
        .writeAndFlush(new CloseWebSocketFrame(statusCode < 0 ? 1000 : statusCode, ""))
        .addListener(ChannelFutureListener.CLOSE);
    // Clients close with their own codes (4200, 4900) to reconnect; only a normal close ends it.
    endSession(statusCode != 1000 && statusCode != 1001);
  }

  private void endSession(boolean resumable) {
    Session ended = session;
    session = null;
    if (ended == null) {
      return;
    }
    ended
        .executor()
        .execute(() -> ended.closedBy(this, resumable, services.config().resumeWindow()));
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    Session attached = session;
    if (attached != null && channel.isWritable()) {
      attached.executor().execute(() -> attached.catchUp(this));
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (heartbeatCheck != null) {
      heartbeatCheck.cancel(false);
    }
    closing = true;
    endSession(true);
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof CorruptedWebSocketFrameException
        || cause instanceof TooLongFrameException) {
      close(CloseCode.DECODE_ERROR);
    } else if (services.resets().counted(cause)) {
      // The client is gone: nobody to send a close frame to. Its session stays resumable.
      closing = true;
      channel.close();
      endSession(true);
    } else {
      LOG.warn("gateway connection {} failed", channel.remoteAddress(), cause);
      close(CloseCode.UNKNOWN_ERROR);
    }
  }
}
