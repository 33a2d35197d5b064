package io.rtfleet.node.gateway;

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
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.util.concurrent.ScheduledFuture;
import io.rtfleet.api.protocol.CloseCode;
import io.rtfleet.api.protocol.Intent;
import io.rtfleet.api.protocol.Opcode;
import io.rtfleet.node.auth.TokenClaims;
import io.rtfleet.node.gateway.protocol.ClientCloseCodes;
import io.rtfleet.node.gateway.protocol.ClientPayload;
import io.rtfleet.node.gateway.protocol.ConnectionState;
import io.rtfleet.node.gateway.protocol.GatewayRefusal;
import io.rtfleet.node.gateway.protocol.HeartbeatMonitor;
import io.rtfleet.node.gateway.protocol.Identify;
import io.rtfleet.node.gateway.protocol.PayloadDecoder;
import io.rtfleet.node.gateway.protocol.PresenceStatus;
import io.rtfleet.node.gateway.protocol.Resume;
import io.rtfleet.node.limit.WindowCounter;
import io.rtfleet.node.model.User;
import io.rtfleet.node.session.Dispatch;
import io.rtfleet.node.session.GatewayLink;
import io.rtfleet.node.session.Session;
import java.util.List;
import java.util.Objects;
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
  private final ConnectionState state = new ConnectionState();
  private final boolean supportedVersion;
  private final boolean compressed;
  private Channel channel;
  private Session session;
  private HeartbeatMonitor heartbeats;
  private ScheduledFuture<?> heartbeatCheck;
  private boolean flushPending;
  private volatile boolean reconnectRequested;
  private FlushBatcher flushes;

  /**
   * Where dispatches are written and flushed from: a write or a flush from the channel walks the
   * whole pipeline, handler by handler (the top frame of a fifth of the node's CPU at 40,000
   * deliveries/s). A complete WebSocket frame goes in below the WebSocket encoder, which would pass
   * it on untouched; a compressed one from here, above the zlib stream. In the event loop, as every
   * dispatch is, it stays in order with the frames the encoder makes.
   */
  private ChannelHandlerContext dispatchOut;

  GatewayConnection(GatewayServices services, boolean supportedVersion, boolean compressed) {
    this.services = services;
    this.supportedVersion = supportedVersion;
    this.compressed = compressed;
    this.decoder = new PayloadDecoder(services.config().maxPayloadBytes());
    this.eventBudget =
        new WindowCounter(
            services.config().clientEventsPerWindow(),
            services.config().clientEventWindow().toNanos());
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    channel = ctx.channel();
    flushes = services.flushBatchers().of(channel.eventLoop());
    ChannelHandlerContext encoder = ctx.pipeline().context(WebSocketFrameEncoder.class);
    dispatchOut = compressed || encoder == null ? ctx : encoder;
    if (!supportedVersion) {
      close(CloseCode.INVALID_API_VERSION);
      return;
    }
    heartbeats =
        new HeartbeatMonitor(
            services.config().heartbeatInterval().toNanos(), services.nanoClock().getAsLong());
    sendPayload(
        "{\"op\":10,\"d\":{\"heartbeat_interval\":"
            + services.config().heartbeatInterval().toMillis()
            + "},\"s\":null,\"t\":null}");
    channel.flush();
    long checkEvery = heartbeats.checkEveryNanos();
    heartbeatCheck =
        ctx.executor()
            .scheduleAtFixedRate(
                this::checkHeartbeat, checkEvery, checkEvery, TimeUnit.NANOSECONDS);
  }

  private void checkHeartbeat() {
    switch (heartbeats.check(services.nanoClock().getAsLong())) {
      case ZOMBIE -> close(CloseCode.SESSION_TIMED_OUT);
      case ASK_FOR_HEARTBEAT -> {
        sendPayload("{\"op\":1,\"d\":" + (session == null ? "null" : session.seq()) + "}");
        channel.flush();
      }
      case FINE -> {}
    }
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
    if (state.closing()) {
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
    state.admit(payload.op());
    switch (payload.op()) {
      case Opcode.HEARTBEAT -> heartbeat(payload);
      case Opcode.IDENTIFY -> identify(Identify.parse(payload.d()));
      case Opcode.RESUME -> resume(Resume.parse(payload.d()));
      case Opcode.PRESENCE_UPDATE -> presence(payload);
      default -> {
        // Voice and member requests are accepted and not served: no voice, members in GUILD_CREATE.
      }
    }
  }

  private void heartbeat(ClientPayload payload) {
    heartbeats.heartbeatReceived(services.nanoClock().getAsLong());
    if (session != null && payload.d().canConvertToLong()) {
      Session acked = session;
      long seq = payload.d().longValue();
      acked.executor().execute(() -> acked.acknowledge(seq));
    }
    sendPayload("{\"op\":11}");
    channel.flush();
  }

  private void identify(Identify identify) throws GatewayRefusal {
    User user = authenticate(identify.token());
    if ((identify.intents() & Intent.PRIVILEGED) != 0 && !user.privilegedIntents()) {
      throw new GatewayRefusal(CloseCode.DISALLOWED_INTENTS, "privileged intents not enabled");
    }
    if (pastReconnectBudget("identify", false)) {
      return;
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
    state.attached();
    services.sessions().add(identified);
    services.metrics().identified();
    identified.deliver(
        Dispatch.always(
            "READY",
            ReadyPayload.of(
                identified,
                identify,
                guilds,
                services.config().gatewayUrl(),
                services.config().nodeId())));
    services.engine().subscribeAll(identified, guilds);
    if (services.directory().setStatus(user.id(), identify.status()) == null) {
      services.engine().presenceChanged(user.id(), services.directory().status(user.id()));
    }
  }

  private void resume(Resume resume) throws GatewayRefusal {
    User user = authenticate(resume.token());
    if (pastReconnectBudget("resume", true)) {
      return;
    }
    Session resumable = services.sessions().get(resume.sessionId());
    if (resumable == null && services.transfer().mayLiveElsewhere(resume.sessionId())) {
      pullSession(user, resume);
      return;
    }
    if (resumable == null || resumable.user().id() != user.id()) {
      services.metrics().resumed(false);
      invalidSession();
      return;
    }
    session = resumable;
    state.attached();
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
  private void pullSession(User user, Resume resume) {
    state.resuming();
    services
        .transfer()
        .pull(resume.sessionId(), resume.seq(), user.id())
        .whenComplete(
            (transfer, failure) ->
                channel.eventLoop().execute(() -> sessionPulled(user, resume, transfer)));
  }

  private void sessionPulled(User user, Resume resume, Session.Transfer transfer) {
    if (state.closing() || !channel.isActive()) {
      return;
    }
    if (transfer == null || transfer.userId() != user.id()) {
      services.metrics().resumed(false);
      state.resumeRefused();
      invalidSession();
      return;
    }
    Session taken =
        new Session(
            transfer.id(),
            user,
            transfer.intents(),
            transfer.shardId(),
            transfer.shardCount(),
            transfer.largeThreshold(),
            channel.eventLoop(),
            services.config().replayCapacity(),
            null,
            this::sessionEnded);
    taken.continueFrom(transfer);
    session = taken;
    state.attached();
    services.sessions().add(taken);
    services.transfer().arrived(taken.id());
    boolean resumed = taken.resume(this, resume.seq(), Dispatch.always("RESUMED", "{}"));
    services.metrics().resumed(resumed);
    services.engine().followFrom(taken, transfer.guildCursors());
    if (services.directory().setStatus(user.id(), "online") == null) {
      services.engine().presenceChanged(user.id(), services.directory().status(user.id()));
    }
  }

  private void resumeRefused() {
    session = null;
    state.resumeRefused();
    invalidSession();
  }

  /** op 9 with {@code d: false}: the client must identify anew. */
  private void invalidSession() {
    invalidSession(false);
  }

  /**
   * op 9: the client comes back 1 to 5 s later, to resume when {@code resumable}, else to identify.
   */
  private void invalidSession(boolean resumable) {
    sendPayload(resumable ? "{\"op\":9,\"d\":true}" : "{\"op\":9,\"d\":false}");
    channel.flush();
  }

  /**
   * Whether this identify or resume ({@code op}) is past the node's share of the fleet's
   * reconnects, and was answered op 9: a resumed session stays where it is until its client comes
   * back, on this connection or another.
   */
  private boolean pastReconnectBudget(String op, boolean resumable) {
    if (services.reconnectBudget().tryAcquire()) {
      return false;
    }
    services.metrics().reconnectDeferred(op);
    invalidSession(resumable);
    return true;
  }

  private void presence(ClientPayload payload) throws GatewayRefusal {
    if (!payload.d().isObject() || !payload.d().path("status").isTextual()) {
      throw new GatewayRefusal(CloseCode.DECODE_ERROR, "presence update needs a status");
    }
    long userId = session.user().id();
    String status = PresenceStatus.parse(payload.d().get("status").asText());
    String before = services.directory().status(userId);
    services.directory().setStatus(userId, status);
    String after = services.directory().status(userId);
    if (!Objects.equals(before, after)) {
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
    if (services.sessions().remove(ended) && !ended.wasTransferred()) {
      services.directory().setStatus(userId, null);
      services.engine().presenceChanged(userId, null);
    }
    services.engine().unsubscribeAll(ended);
    if (ended.arrivedFromElsewhere() && !ended.wasTransferred()) {
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
    if (state.closing() || reconnectRequested) {
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
   * Writes the dispatch. Uncompressed, as a complete WebSocket frame the encoder passes untouched;
   * compressed, as a text frame that goes through the zlib stream.
   */
  @Override
  public void sendDispatch(byte[] head, long seq) {
    Object frame =
        compressed
            ? new TextWebSocketFrame(DispatchFrames.payload(channel.alloc(), head, seq))
            : DispatchFrames.frame(channel.alloc(), head, seq);
    dispatchOut.write(frame, dispatchOut.voidPromise());
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
    dispatchOut.flush();
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
    if (state.closing()) {
      return;
    }
    state.startClosing();
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
    state.startClosing();
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
    state.startClosing();
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
      state.startClosing();
      channel.close();
      endSession(true);
    } else {
      LOG.warn("gateway connection {} failed", channel.remoteAddress(), cause);
      close(CloseCode.UNKNOWN_ERROR);
    }
  }
}
