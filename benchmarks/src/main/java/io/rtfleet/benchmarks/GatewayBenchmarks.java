package io.rtfleet.benchmarks;

import io.rtfleet.api.protocol.CloseCode;
import io.rtfleet.api.protocol.Intent;
import io.rtfleet.node.discord.DiscordJson;
import io.rtfleet.node.gateway.protocol.GatewayRefusal;
import io.rtfleet.node.gateway.protocol.PayloadDecoder;
import io.rtfleet.node.limit.WindowCounter;
import io.rtfleet.node.model.Message;
import io.rtfleet.node.model.User;
import io.rtfleet.node.session.Dispatch;
import io.rtfleet.node.session.GatewayLink;
import io.rtfleet.node.session.ReplayBuffer;
import io.rtfleet.node.session.Session;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The gateway's per-event and per-delivery work without the network: decoding client payloads,
 * encoding a dispatch once, stamping it for N local sessions, the event budget and the replay
 * buffer. Run: {@code java -jar benchmarks/target/benchmarks.jar}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GatewayBenchmarks {

  @State(Scope.Benchmark)
  public static class Payloads {
    final PayloadDecoder decoder = new PayloadDecoder(4096);
    final byte[] heartbeat = "{\"op\":1,\"d\":251}".getBytes(StandardCharsets.UTF_8);
    final byte[] identify =
        ("{\"op\":2,\"d\":{\"token\":\"MTU3NTk3ODcyNDM4MzQxMjIyNA.MTc5ODQwNTAwODp1.i3a3aaGLqgjKC\","
                + "\"intents\":33281,\"properties\":{\"os\":\"linux\",\"browser\":\"jda\",\"device\":\"jda\"}}}")
            .getBytes(StandardCharsets.UTF_8);
    final Message message =
        new Message(
            1_575_978_725_914_333_184L,
            1_575_978_725_914_333_185L,
            1_575_978_725_914_333_186L,
            42,
            "x".repeat(100),
            null,
            null);
    final User author = new User(42, "publisher", false, true);
  }

  @Benchmark
  public Object decodeHeartbeat(Payloads payloads) throws GatewayRefusal {
    return payloads.decoder.decode(payloads.heartbeat);
  }

  @Benchmark
  public Object decodeIdentify(Payloads payloads) throws GatewayRefusal {
    return payloads.decoder.decode(payloads.identify);
  }

  /** The once-per-event cost: MESSAGE_CREATE encoded in both content variants. */
  @Benchmark
  public Object encodeMessageCreate(Payloads payloads) {
    return Dispatch.message(
        "MESSAGE_CREATE",
        DiscordJson.write(DiscordJson.message(payloads.message, payloads.author, true)),
        DiscordJson.write(DiscordJson.message(payloads.message, payloads.author, false)),
        payloads.author.id());
  }

  /** Stamps one dispatch for N sessions, writing each frame into a reused buffer. */
  @State(Scope.Benchmark)
  public static class Fanout {
    @Param({"100", "10000"})
    int sessions;

    Session[] targets;
    Dispatch dispatch;
    ScheduledExecutorService executor;

    @Setup(Level.Trial)
    public void setUp() {
      executor = Executors.newSingleThreadScheduledExecutor();
      targets = new Session[sessions];
      for (int i = 0; i < sessions; i++) {
        targets[i] =
            new Session(
                "s" + i,
                new User(i, "u" + i, false, true),
                Intent.GUILD_MESSAGES | Intent.MESSAGE_CONTENT,
                0,
                1,
                50,
                executor,
                64,
                new BufferLink(),
                ended -> {});
      }
      dispatch =
          Dispatch.message(
              "MESSAGE_CREATE",
              "{\"content\":\"" + "x".repeat(100) + "\"}",
              "{\"content\":\"\"}",
              1);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      executor.shutdownNow();
    }
  }

  /** A link that copies each frame as the gateway does (head, seq, brace) into one buffer. */
  static final class BufferLink implements GatewayLink {
    private final byte[] buffer = new byte[4096];
    int written;

    @Override
    public void sendDispatch(byte[] head, long seq) {
      System.arraycopy(head, 0, buffer, 0, head.length);
      written = head.length + Long.toString(seq).length() + 1;
    }

    @Override
    public void flush() {}

    @Override
    public boolean writable() {
      return true;
    }

    @Override
    public void requestReconnect() {}

    @Override
    public boolean reconnectRequested() {
      return false;
    }

    @Override
    public void close(CloseCode code) {}
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public int fanoutToLocalSessions(Fanout fanout) {
    return Session.deliverAll(fanout.targets, fanout.dispatch);
  }

  @State(Scope.Thread)
  public static class Budget {
    final WindowCounter counter = new WindowCounter(120, TimeUnit.SECONDS.toNanos(60));
    long now;
  }

  @Benchmark
  public boolean rateLimiterAcquire(Budget budget) {
    budget.now += 1_000_000_000L; // one event a second: always within budget
    return budget.counter.tryAcquire(budget.now);
  }

  @State(Scope.Thread)
  public static class Replay {
    final ReplayBuffer buffer = new ReplayBuffer(1024);
    final Dispatch dispatch = Dispatch.always("MESSAGE_CREATE", "{}");
    long seq;
  }

  @Benchmark
  public void replayAppendAndAcknowledge(Replay replay, Blackhole hole) {
    replay.buffer.append(replay.dispatch);
    replay.seq++;
    if ((replay.seq & 63) == 0) {
      replay.buffer.acknowledge(replay.seq - 32);
    }
    hole.consume(replay.buffer.size());
  }
}
