package io.rtfleet.cli.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;
import io.rtfleet.cli.bench.check.SessionLedger;
import io.rtfleet.cli.bench.check.Stamp;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One simulated client, behaving as Discord's client libraries do: identifies, heartbeats, records
 * every dispatch in its ledger, and on op 7 (or a resumable close) reconnects to the {@code
 * resume_gateway_url} READY gave it and RESUMEs there, re-identifying when the server says the
 * session is gone (op 9). Its connections come and go; the session stays. Runs on the event loop of
 * its current connection.
 */
public final class LoadSession {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LoadClients clients;
  private final String token;
  private final int intents;
  private final SessionLedger ledger;
  private final LoadStats stats;
  private final LongSupplier nanoClock;
  private volatile Channel channel;
  private volatile String sessionId;
  private volatile boolean ready;
  private volatile boolean resumedOnce;
  private volatile boolean stopping;
  private volatile int guildCreates;
  private ScheduledFuture<?> heartbeats;

  private volatile int home;
  private volatile String resumeGatewayUrl;
  private volatile int reidentifications;

  LoadSession(
      LoadClients clients,
      String token,
      int intents,
      SessionLedger ledger,
      LoadStats stats,
      LongSupplier nanoClock,
      int home) {
    this.clients = clients;
    this.home = home;
    this.token = token;
    this.intents = intents;
    this.ledger = ledger;
    this.stats = stats;
    this.nanoClock = nanoClock;
  }

  /** The node this session connects to, as an index (modulo their number) of the entry nodes. */
  public int home() {
    return home;
  }

  public boolean ready() {
    return ready;
  }

  public int guildCreates() {
    return guildCreates;
  }

  public boolean resumedOnce() {
    return resumedOnce;
  }

  /** Connects to the next entry node from now on, not to its resume URL. */
  void moveOn() {
    home++;
    resumeGatewayUrl = null;
  }

  /**
   * Where to connect next: the resume URL while there is a session to resume (as stock clients do),
   * else null, for the home entry node.
   */
  String reconnectUrl() {
    return Boolean.getBoolean("rtctl.direct")
        ? null
        : (sessionId != null ? resumeGatewayUrl : null);
  }

  /** How many times the server made this session identify again (op 9). */
  public int reidentifications() {
    return reidentifications;
  }

  void attached(Channel connection) {
    channel = connection;
  }

  private final long[] stamp = new long[3];

  /** The hot path: a message dispatch, read straight from the frame's bytes. */
  void onMessageCreate(io.netty.buffer.ByteBuf frame) {
    long seq = FrameScanner.seq(frame);
    if (seq > 0) {
      ledger.sequence(seq);
    }
    if (FrameScanner.stamp(frame, stamp)) {
      received((int) stamp[0], (int) stamp[1], stamp[2]);
    }
  }

  private void received(int stream, int counter, long sentNanos) {
    ledger.received(stream, counter);
    stats.deliveries.increment();
    stats.deliveryLatencyMicros.record((nanoClock.getAsLong() - sentNanos) / 1000);
  }

  void onText(String frame) {
    String type = FrameScanner.type(frame);
    if (type != null) {
      onDispatch(type, frame);
      return;
    }
    JsonNode payload;
    try {
      payload = JSON.readTree(frame);
    } catch (Exception malformed) {
      return;
    }
    switch (payload.path("op").asInt(-1)) {
      case 10 -> onHello(payload.at("/d/heartbeat_interval").asLong(41_250));
      case 7 -> {
        stats.reconnectRequests.incrementAndGet();
        // A node asks its clients to move when it drains: back to the resume URL, whose
        // balancer sends them to a node that is ready.
        channel.writeAndFlush(new CloseWebSocketFrame(4900, "reconnect requested"));
        channel.close();
      }
      case 9 -> {
        if (payload.path("d").asBoolean(false) && sessionId != null) {
          // Resumable: the node put the resume off (its share of the fleet's reconnect budget is
          // spent). As Discord asks, 1 to 5 s later, resume again.
          stats.resumesDeferred.incrementAndGet();
          channel
              .eventLoop()
              .schedule(
                  this::resume,
                  ThreadLocalRandom.current().nextLong(1_000, 5_001),
                  TimeUnit.MILLISECONDS);
          return;
        }
        sessionId = null;
        reidentifications++;
        stats.reidentified.incrementAndGet();
        ledger.newSession(nanoClock.getAsLong());
        // As Discord asks of clients: a random 1 to 5 s before identifying again, so that a node
        // that refused identifies (its per-user limit) is not asked again at once, thousands of
        // times over.
        channel
            .eventLoop()
            .schedule(
                this::identify,
                ThreadLocalRandom.current().nextLong(1_000, 5_001),
                TimeUnit.MILLISECONDS);
      }
      case 0 -> onDispatch(payload.path("t").asText(), frame);
      default -> {}
    }
  }

  private void onHello(long heartbeatMillis) {
    heartbeats =
        channel
            .eventLoop()
            .scheduleAtFixedRate(
                () ->
                    send(
                        "{\"op\":1,\"d\":"
                            + (ledger.lastSeq() == 0 ? "null" : ledger.lastSeq())
                            + "}"),
                heartbeatMillis,
                heartbeatMillis,
                TimeUnit.MILLISECONDS);
    if (sessionId != null) {
      resume();
    } else {
      identify();
    }
  }

  private void resume() {
    send(
        "{\"op\":6,\"d\":{\"token\":\""
            + token
            + "\",\"session_id\":\""
            + sessionId
            + "\",\"seq\":"
            + ledger.lastSeq()
            + "}}");
  }

  private void identify() {
    send(
        "{\"op\":2,\"d\":{\"token\":\""
            + token
            + "\",\"intents\":"
            + intents
            + ",\"properties\":{\"os\":\"linux\",\"browser\":\"rtctl\",\"device\":\"rtctl\"}}}");
  }

  private void onDispatch(String type, String frame) {
    long seq = FrameScanner.seq(frame);
    if (seq > 0) {
      ledger.sequence(seq);
    }
    switch (type) {
      case "MESSAGE_CREATE" -> {
        int content = FrameScanner.contentStart(frame);
        Stamp stamp = content < 0 ? null : Stamp.parse(frame, content);
        if (stamp != null) {
          received(stamp.stream(), stamp.counter(), stamp.sentNanos());
        }
      }
      case "READY" -> {
        try {
          JsonNode ready = JSON.readTree(frame).get("d");
          sessionId = ready.path("session_id").asText();
          resumeGatewayUrl = ready.path("resume_gateway_url").asText(null);
        } catch (Exception malformed) {
          stats.identifyFailures.incrementAndGet();
          return;
        }
        if (!ready) {
          ready = true;
          stats.identified.incrementAndGet();
        }
      }
      case "GUILD_CREATE" -> {
        guildCreates++;
        ledger.guildCreated(nanoClock.getAsLong());
      }
      case "RESUMED" -> {
        resumedOnce = true;
        stats.resumed.incrementAndGet();
      }
      default -> {}
    }
  }

  void onClosed() {
    if (heartbeats != null) {
      heartbeats.cancel(false);
    }
    stats.closes.incrementAndGet();
    if (!stopping) {
      clients.reconnect(this);
    }
  }

  private void send(String json) {
    Channel current = channel;
    if (current != null && current.isActive()) {
      current.writeAndFlush(new TextWebSocketFrame(json));
    }
  }

  /**
   * Ends the session as a client that quits does (close 1000): dropped instead, its node would keep
   * it for a resume that never comes, and a drain of that node would wait out its resume window.
   */
  public void stop() {
    stopping = true;
    Channel current = channel;
    if (current == null) {
      return;
    }
    if (current.isActive()) {
      current
          .writeAndFlush(new CloseWebSocketFrame(1000, "done"))
          .addListener(ChannelFutureListener.CLOSE);
    } else {
      current.close();
    }
  }
}
