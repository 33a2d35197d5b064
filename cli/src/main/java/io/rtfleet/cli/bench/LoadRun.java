package io.rtfleet.cli.bench;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.rtfleet.cli.bench.check.DeliveryChecker;
import io.rtfleet.cli.bench.check.SessionLedger;
import io.rtfleet.cli.bench.load.LoadClients;
import io.rtfleet.cli.bench.load.LoadSession;
import io.rtfleet.cli.bench.load.LoadStats;
import io.rtfleet.cli.bench.load.Publisher;
import io.rtfleet.cli.client.Target;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;

/**
 * The steps scenarios share: connect the population's sessions (each expecting the streams of its
 * guilds), run publishers, wait for deliveries to settle. A stream is publisher {@code p} in guild
 * {@code g}: {@code p * guilds + g}.
 */
final class LoadRun implements AutoCloseable {
  private static final int MAX_CONNECTING = 512;

  private final Target target;
  private final Population population;
  private final PrintWriter progress;
  final LoadStats stats = new LoadStats();
  final DeliveryChecker checker = new DeliveryChecker();
  private final LoadClients clients;
  private final EventLoopGroup publisherGroup;
  final List<LoadSession> sessions = new ArrayList<>();
  private final List<Publisher> publishers = new ArrayList<>();

  LoadRun(Target target, Population population, int clientThreads, PrintWriter progress) {
    this(target, population, clientThreads, progress, gateway -> null);
  }

  /** As above, connections going where {@code routes} says (see {@link LoadClients}). */
  LoadRun(
      Target target,
      Population population,
      int clientThreads,
      PrintWriter progress,
      Function<URI, InetSocketAddress> routes) {
    this.target = target;
    this.population = population;
    this.progress = progress;
    this.clients =
        new LoadClients(
            target.entries().stream().map(Target::gatewayUrl).toList(),
            stats,
            clientThreads,
            routes);
    this.publisherGroup =
        new MultiThreadIoEventLoopGroup(
            1, Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
  }

  /**
   * Opens one session per member at up to {@code perSecond} connects per second (0: no limit) and
   * waits until each has READY and the GUILD_CREATE of every guild it follows. Returns seconds.
   */
  double connectAll(int intents, int publisherCount, int perSecond, long timeoutSeconds)
      throws InterruptedException {
    return connectAll(intents, publisherCount, perSecond, timeoutSeconds, i -> i);
  }

  /**
   * As {@link #connectAll(int, int, int, long)}, session {@code i} connecting to the target's node
   * {@code home.applyAsInt(i)} (modulo their number) instead of node {@code i}.
   */
  double connectAll(
      int intents, int publisherCount, int perSecond, long timeoutSeconds, IntUnaryOperator home)
      throws InterruptedException {
    int guilds = population.guilds().size();
    long started = System.nanoTime();
    for (int i = 0; i < population.members().size(); i++) {
      Population.Member member = population.members().get(i);
      SessionLedger ledger = checker.newLedger();
      for (int p = 0; p < publisherCount; p++) {
        for (int guild : member.guilds()) {
          ledger.expect(p * guilds + guild);
        }
      }
      LoadSession session = clients.newSession(member.token(), intents, ledger, home.applyAsInt(i));
      sessions.add(session);
      // Bounded handshakes in flight: a burst beyond the listen backlog loses SYNs, and their
      // one-second retransmissions would be measured as identify time.
      while (i - stats.identified.get() >= MAX_CONNECTING) {
        TimeUnit.MICROSECONDS.sleep(200);
      }
      clients.connect(session);
      if (perSecond > 0) {
        long due = started + (long) ((i + 1) * 1e9 / perSecond);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
      }
      if (i % 1000 == 999) {
        progress.printf("  connecting: %d opened, %d identified%n", i + 1, stats.identified.get());
        progress.flush();
      }
    }
    boolean all =
        await(
            () -> {
              for (int i = 0; i < sessions.size(); i++) {
                LoadSession session = sessions.get(i);
                if (!session.ready()
                    || session.guildCreates() < population.members().get(i).guilds().size()) {
                  return false;
                }
              }
              return true;
            },
            timeoutSeconds);
    double seconds = (System.nanoTime() - started) / 1e9;
    if (!all) {
      throw new IllegalStateException(
          "only "
              + stats.identified.get()
              + " of "
              + sessions.size()
              + " sessions identified within "
              + timeoutSeconds
              + " s");
    }
    return seconds;
  }

  /**
   * Starts {@code count} publishers sharing {@code rate} messages per second for {@code seconds}.
   */
  void startPublishers(
      int count, double rate, double giantShare, int payloadBytes, long seconds, long seed)
      throws InterruptedException {
    int guilds = population.guilds().size();
    double[] weights = weights(guilds, giantShare);
    for (int p = 0; p < count; p++) {
      List<Publisher.Target> targets = new ArrayList<>();
      for (int g = 0; g < guilds; g++) {
        targets.add(new Publisher.Target(population.guilds().get(g).channelId(), p * guilds + g));
      }
      Publisher publisher =
          new Publisher(
              target.entries().stream().map(Target::uri).toList(),
              p,
              population.ownerToken(),
              targets,
              weights,
              payloadBytes,
              rate / count,
              checker,
              stats,
              seed + p);
      publishers.add(publisher);
      publisher.start(
          publisherGroup,
          Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class,
          TimeUnit.SECONDS.toNanos(seconds),
          p / (double) count);
    }
  }

  /** Share {@code giantShare} on guild 0 (the giant guild), the rest spread evenly. */
  private double[] weights(int guilds, double giantShare) {
    double[] weights = new double[guilds];
    if (guilds == 1) {
      weights[0] = 1;
      return weights;
    }
    weights[0] = giantShare;
    for (int g = 1; g < guilds; g++) {
      weights[g] = (1 - giantShare) / (guilds - 1);
    }
    return weights;
  }

  Population population() {
    return population;
  }

  /** The nodes sessions connect to; a session's home, modulo this, is an index into them. */
  int entryCount() {
    return target.entries().size();
  }

  boolean publishersDone() {
    return publishers.stream().allMatch(Publisher::done);
  }

  /** Waits until deliveries stop changing for a second (at most {@code timeoutSeconds}). */
  void settle(long timeoutSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    long last = -1;
    while (System.nanoTime() < deadline) {
      long now = stats.deliveries.sum();
      if (now == last) {
        return;
      }
      last = now;
      TimeUnit.SECONDS.sleep(1);
    }
  }

  static boolean await(BooleanSupplier condition, long timeoutSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    return true;
  }

  @Override
  public void close() {
    sessions.forEach(LoadSession::stop);
    clients.close();
    publisherGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
