package io.rtfleet.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.api.protocol.Intent;
import io.rtfleet.cli.BenchRun;
import io.rtfleet.cli.exit.ExitCodes;
import io.rtfleet.node.testing.GatewayClient;
import io.rtfleet.node.testing.JdaClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rtctl dev up}, {@code token} and {@code down} as a newcomer runs them: an operated fleet
 * of real node processes in the background, which a client reaches through its one gateway URL and
 * a Kubernetes client through the kubeconfig it wrote, then stopped with nothing left running.
 */
class DevIT {
  /** How long the bench's traffic runs: longer than a drain and a rollout of two nodes. */
  private static final int BENCH_SECONDS = 50;

  @TempDir Path directory;

  private static BenchRun.Output rtctl(Object... args) {
    return BenchRun.run(List.of(args).stream().map(String::valueOf).toArray(String[]::new));
  }

  @Test
  void devUpRunsAFleetInTheBackgroundThatClientsUseUntilDevDownStopsEverything() throws Exception {
    Path dev = directory.resolve("dev");
    BenchRun.Output up =
        rtctl("dev", "up", "--detach", "--nodes", 2, "--dir", dev, "--node-jar", BenchRun.NODE_JAR);
    assertThat(up.exit()).as(up.out() + up.err()).isZero();
    assertThat(up.out()).contains("rtfleet dev is up", "rtctl dev token", "rtctl dev down");
    long pid = Long.parseLong(Files.readString(dev.resolve("dev.pid")).trim());
    try {
      Config config = Config.fromKubeconfig(Files.readString(dev.resolve("kubeconfig")));
      try (KubernetesClient kubernetes = new KubernetesClientBuilder().withConfig(config).build()) {
        RealtimeFleet fleet =
            kubernetes.resources(RealtimeFleet.class).inNamespace("default").withName("dev").get();
        assertThat(fleet.getStatus().getReady()).isEqualTo("2/2");
      }

      BenchRun.Output again = rtctl("dev", "up", "--dir", dev, "--node-jar", BenchRun.NODE_JAR);
      assertThat(again.exit()).isEqualTo(ExitCodes.FAILED);
      assertThat(again.err()).contains("already running", "pid " + pid, "rtctl dev down");

      BenchRun.Output token = rtctl("dev", "token", "alice", "--dir", dev);
      assertThat(token.exit()).as(token.err()).isZero();
      Properties properties = new Properties();
      try (var reader = Files.newBufferedReader(dev.resolve("dev.properties"))) {
        properties.load(reader);
      }
      String gateway = properties.getProperty("gatewayUrl") + "/?v=10&encoding=json";
      try (GatewayClient client = GatewayClient.connect(gateway)) {
        assertThat(
                client
                    .identifyAndAwaitReady(token.out().strip(), Intent.GUILDS)
                    .get("user")
                    .get("username")
                    .asText())
            .isEqualTo("alice");
        // Alice quits, ending her session: one dropped instead would be kept for her resume, and
        // a drain of its node would wait out her resume window.
        client.close(1000);
      }
      aStockClientResumesAcrossADrainStartedFromTheCli(dev, properties.getProperty("restUrl"));
    } finally {
      BenchRun.Output down = rtctl("dev", "down", "--dir", dev);
      assertThat(down.exit()).as(down.err()).isZero();
    }

    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
    // Nodes, the database process and PostgreSQL itself all name a path under the directory.
    assertThat(
            ProcessHandle.allProcesses()
                .filter(
                    process -> process.info().commandLine().orElse("").contains(dev.toString())))
        .isEmpty();
    assertThat(rtctl("dev", "down", "--dir", dev).out()).contains("not running");
    assertThat(rtctl("dev", "token", "bob", "--dir", dev).err()).contains("rtctl dev up");
  }

  /**
   * A stock Discord library given nothing but the printed REST URL: JDA logs in as a bot, finds its
   * guild; the node its session is on is drained from the CLI while messages are posted; JDA
   * resumes on another node through the balancer, never identifies again, and gets every message
   * once, in order. Meanwhile {@code rtctl bench fanout --dev} drives the fleet through the same
   * URL, through that drain and then a rollout started from the CLI: its checker finds every event
   * delivered once, in order, and no session identifying again.
   */
  private static void aStockClientResumesAcrossADrainStartedFromTheCli(Path dev, String rest)
      throws Exception {
    String kubeconfig = dev.resolve("kubeconfig").toString();
    DevRest api = new DevRest(rest);
    String owner = rtctl("dev", "token", "owner", "--dir", dev).out().strip();
    String bot = rtctl("dev", "token", "jda-bot", "--bot", "--dir", dev).out().strip();
    JdaClient.BotGuild guild = JdaClient.guildWithBot(api::call, owner, bot, "drained");
    String guildId = guild.id();
    String channelId = guild.channelId();

    JdaClient jda = JdaClient.start(bot, rest);
    ScheduledExecutorService poster = Executors.newSingleThreadScheduledExecutor();
    ExecutorService background = Executors.newSingleThreadExecutor();
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> jda.readyGuilds.contains(guildId));
      BenchRun.Output described = rtctl("fleet", "describe", "dev", "--kubeconfig", kubeconfig);
      assertThat(described.exit()).as(described.err()).isZero();
      String drained = nodeHoldingTheOneSession(kubeconfig);

      // An SRE's second terminal: the bench checker's sessions and publishers through the same
      // gateway URL, for as long as the drain and the rollout below take.
      Future<BenchRun.Output> bench =
          background.submit(
              () ->
                  rtctl(
                      "bench",
                      "fanout",
                      "--dev",
                      dev,
                      "--sessions",
                      40,
                      "--small-guilds",
                      8,
                      "--publishers",
                      2,
                      "--rate",
                      40,
                      "--warmup",
                      1,
                      "--duration",
                      BENCH_SECONDS,
                      "-o",
                      "json"));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> fleetSessions(kubeconfig) > 40 || bench.isDone());
      assertThat(bench.isDone()).as("the bench stopped early").isFalse();

      List<String> posted = new CopyOnWriteArrayList<>();
      AtomicReference<RuntimeException> postFailed = new AtomicReference<>();
      AtomicInteger next = new AtomicInteger();
      poster.scheduleAtFixedRate(
          () -> {
            String content = "m" + next.getAndIncrement();
            try {
              api.postOnce(channelId, owner, content);
              posted.add(content);
            } catch (RuntimeException failed) {
              postFailed.compareAndSet(null, failed);
              throw failed;
            }
          },
          0,
          100,
          TimeUnit.MILLISECONDS);
      BenchRun.Output drain =
          rtctl("node", "drain", drained, "--wait", "--timeout", "180", "--kubeconfig", kubeconfig);
      assertThat(drain.exit()).as(drain.out() + drain.err()).isZero();
      assertThat(drain.out()).contains("node " + drained + " drained and kept: Cordoned, 0 slots");
      await().atMost(Duration.ofSeconds(10)).until(() -> posted.size() > 5);
      poster.shutdown();
      assertThat(poster.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      assertThat(postFailed.get()).isNull();

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(jda.messages).containsExactlyElementsOf(posted));
      assertThat(jda.resumes.get()).as("resumed on another node").isPositive();
      assertThat(jda.identifiedAgain.get()).as("identified again").isZero();

      // Back in service, then every node replaced, drain first, all from the CLI.
      assertThat(rtctl("node", "uncordon", drained, "--kubeconfig", kubeconfig).exit()).isZero();
      String before = fleetRevision(kubeconfig);
      BenchRun.Output restart = rtctl("rollout", "restart", "dev", "--kubeconfig", kubeconfig);
      assertThat(restart.exit()).as(restart.out() + restart.err()).isZero();
      assertThat(restart.out()).contains("restarting every node");
      BenchRun.Output rolled =
          rtctl(
              "rollout", "status", "dev", "--watch", "--timeout", 180, "--kubeconfig", kubeconfig);
      assertThat(rolled.exit()).as(rolled.out() + rolled.err()).isZero();
      assertThat(rolled.out()).contains("Rollout of dev-", "rollout complete");
      assertThat(fleetRevision(kubeconfig)).isNotEqualTo(before);
      boolean benchEnded = bench.isDone();
      BenchRun.Output checked = bench.get(BENCH_SECONDS + 120, TimeUnit.SECONDS);
      assertThat(benchEnded)
          .as(
              "the bench ended before the rollout did (%d s): it checked only part of it: %s",
              BENCH_SECONDS, checked.err())
          .isFalse();
      assertThat(checked.exit()).as(checked.out() + checked.err()).isZero();
      JsonNode report = new ObjectMapper().readTree(checked.out());
      String why = report.toString();
      assertThat(report.get("verdict").asText()).as(why).isEqualTo("PASS");
      assertThat(report.get("lost").asLong()).as(why).isZero();
      assertThat(report.get("duplicated").asLong()).as(why).isZero();
      assertThat(report.get("reordered").asLong()).as(why).isZero();
      assertThat(report.get("reidentified").asLong()).as(why).isZero();
      // Every session was on a node the rollout replaced.
      assertThat(report.get("resumed").asLong()).as(why).isGreaterThanOrEqualTo(40);
      assertThat(report.get("accepted").asLong()).as(why).isGreaterThan(200);
    } finally {
      poster.shutdownNow();
      background.shutdownNow();
      jda.close();
    }
  }

  /** The sessions the fleet's status counts over its nodes. */
  private static long fleetSessions(String kubeconfig) throws Exception {
    return fleetStatus(kubeconfig).get("sessions").asLong();
  }

  private static String fleetRevision(String kubeconfig) throws Exception {
    return fleetStatus(kubeconfig).get("currentRevision").asText();
  }

  private static JsonNode fleetStatus(String kubeconfig) throws Exception {
    return new ObjectMapper()
        .readTree(rtctl("fleet", "get", "dev", "-o", "json", "--kubeconfig", kubeconfig).out())
        .get("status");
  }

  /** The node pod whose node says one session is attached: JDA's, the only client now. */
  private static String nodeHoldingTheOneSession(String kubeconfig) {
    List<String> pods =
        rtctl("node", "list", "dev", "-o", "name", "--kubeconfig", kubeconfig)
            .out()
            .lines()
            .map(name -> name.substring("pod/".length()))
            .toList();
    Pattern attached = Pattern.compile("(\\d+) of \\d+ sessions attached");
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                pods.stream()
                    .filter(
                        pod -> {
                          Matcher says =
                              attached.matcher(
                                  rtctl("node", "describe", pod, "--kubeconfig", kubeconfig).out());
                          return says.find() && says.group(1).equals("1");
                        })
                    .findFirst()
                    .orElse(null),
            found -> found != null);
  }
}
