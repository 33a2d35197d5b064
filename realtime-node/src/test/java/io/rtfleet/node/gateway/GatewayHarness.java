package io.rtfleet.node.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.rtfleet.api.snowflake.SnowflakeGenerator;
import io.rtfleet.node.auth.TokenClaims;
import io.rtfleet.node.auth.TokenCodec;
import io.rtfleet.node.config.NodeConfig;
import io.rtfleet.node.fleet.DirectoryBroadcaster;
import io.rtfleet.node.fleet.Fleet;
import io.rtfleet.node.following.RemoteGuilds;
import io.rtfleet.node.lanes.Directory;
import io.rtfleet.node.lanes.GuildLanes;
import io.rtfleet.node.lanes.WriteGates;
import io.rtfleet.node.limit.KeyedLimiter;
import io.rtfleet.node.limit.ReconnectBudget;
import io.rtfleet.node.metrics.NodeMetrics;
import io.rtfleet.node.model.User;
import io.rtfleet.node.operations.GuildEngine;
import io.rtfleet.node.session.SessionRegistry;
import io.rtfleet.node.store.GroupCommitter;
import io.rtfleet.node.store.SessionDirectory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * A standalone node's gateway without sockets or a database: the real engine, lanes, sessions and
 * token checks, and {@link GatewayConnection}s in {@link EmbeddedChannel}s whose clock the test
 * moves. Guild-less users only: nothing here writes to a database.
 */
final class GatewayHarness implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final AtomicInteger sessionIds = new AtomicInteger();
  private final NodeConfig config;
  private final TokenCodec tokens;
  private final Directory directory = new Directory();
  private final SessionRegistry sessions = new SessionRegistry();
  private final GroupCommitter committer;
  private final ExecutorService lane = Executors.newSingleThreadExecutor();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final GatewayServices services;

  GatewayHarness(UnaryOperator<NodeConfig.Builder> tuning) {
    config =
        tuning
            .apply(
                NodeConfig.builder()
                    .tokenSecret(new byte[32])
                    .adminToken("admin-token-for-tests")
                    .publicUrl("ws://balancer.test:9000"))
            .build();
    tokens = new TokenCodec(config.tokenSecret(), () -> 1_000_000L);
    NodeMetrics metrics = new NodeMetrics();
    committer = new GroupCommitter(null, 16, seconds -> {}, nanos::get);
    Fleet fleet = Fleet.standalone(config.nodeId());
    GuildLanes lanes =
        new GuildLanes(
            new ExecutorService[] {lane},
            directory,
            committer,
            metrics,
            nanos::get,
            new WriteGates(nanos::get, seconds -> {}, lane));
    GuildEngine engine =
        new GuildEngine(
            lanes,
            directory,
            sessions,
            new SnowflakeGenerator(1, () -> 1_700_000_000_000L),
            Clock.systemUTC(),
            fleet,
            new RemoteGuilds(lanes, fleet, timer),
            new DirectoryBroadcaster(fleet, timer, 1_000));
    services =
        new GatewayServices(
            config,
            tokens,
            directory,
            sessions,
            engine,
            metrics,
            new KeyedLimiter(
                config.identifiesPerBucket(), config.identifyWindow().toNanos(), nanos::get),
            new ReconnectBudget(config.fleetReconnectsPerSecond(), () -> 1, nanos::get),
            () -> "session-" + sessionIds.incrementAndGet(),
            nanos::get,
            new FlushBatcher.PerLoop(0),
            new SessionTransfer(
                fleet, new SessionDirectory(committer, null, lane, Clock.systemUTC())),
            new ConnectionResets(metrics, nanos::get));
  }

  /** A user the directory knows, and a token for it. */
  String tokenFor(long userId, String username) {
    directory.putUser(new User(userId, username, false, false));
    return tokens.mint(new TokenClaims(userId, false, 2_000_000L));
  }

  SessionRegistry sessions() {
    return sessions;
  }

  /** A client connected at {@code ?v=10}, HELLO not yet read. */
  Client connect() {
    return new Client(new EmbeddedChannel(new GatewayConnection(services, true, false)));
  }

  Client connectWithVersion(boolean supported) {
    return new Client(new EmbeddedChannel(new GatewayConnection(services, supported, false)));
  }

  /** Moves the connections' clock and their event loops' timers by {@code millis}. */
  void advanceMillis(long millis, Client... clients) {
    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    for (Client client : clients) {
      client.channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
      client.channel.runScheduledPendingTasks();
    }
  }

  @Override
  public void close() throws InterruptedException {
    committer.close();
    lane.shutdownNow();
    timer.shutdownNow();
  }

  /** One client's side of an embedded connection. */
  static final class Client {
    final EmbeddedChannel channel;

    Client(EmbeddedChannel channel) {
      this.channel = channel;
      channel.freezeTime();
    }

    void send(String json) {
      channel.writeInbound(new TextWebSocketFrame(json));
    }

    void sendClose(int code) {
      channel.writeInbound(new CloseWebSocketFrame(code, ""));
    }

    /** The next payload the server sent, or null when it sent nothing more. */
    JsonNode next() throws Exception {
      Object frame = nextFrame();
      if (frame == null) {
        return null;
      }
      if (frame instanceof CloseWebSocketFrame close) {
        JsonNode closed = JSON.createObjectNode().put("close", close.statusCode());
        close.release();
        return closed;
      }
      String text;
      if (frame instanceof TextWebSocketFrame textFrame) {
        text = textFrame.text();
        textFrame.release();
      } else {
        text = unframe((ByteBuf) frame);
      }
      return JSON.readTree(text);
    }

    /** The next payload with this opcode, skipping others (such as GUILD_CREATE dispatches). */
    JsonNode nextOp(int op) throws Exception {
      for (JsonNode payload = next(); payload != null; payload = next()) {
        if (payload.path("op").asInt(-1) == op) {
          return payload;
        }
      }
      return null;
    }

    /** The close code the server sent, skipping payloads before it; -1 when it sent none. */
    int closeCode() throws Exception {
      for (JsonNode payload = next(); payload != null; payload = next()) {
        if (payload.has("close")) {
          return payload.get("close").asInt();
        }
      }
      return -1;
    }

    private Object nextFrame() {
      if (channel.isOpen()) {
        channel.runPendingTasks();
        channel.flushOutbound();
      }
      return channel.readOutbound();
    }

    /** The payload of a complete server frame, as {@link DispatchFrames#frame} writes it. */
    private static String unframe(ByteBuf frame) {
      try {
        frame.skipBytes(1);
        int length = frame.readUnsignedByte();
        if (length == 126) {
          length = frame.readUnsignedShort();
        } else if (length == 127) {
          length = (int) frame.readLong();
        }
        return frame.readCharSequence(length, StandardCharsets.UTF_8).toString();
      } finally {
        frame.release();
      }
    }
  }
}
