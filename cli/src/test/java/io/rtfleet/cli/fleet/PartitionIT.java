package io.rtfleet.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtfleet.api.admin.TokenGrant;
import io.rtfleet.api.protocol.Intent;
import io.rtfleet.node.testing.GatewayClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The peer link between two nodes cut without either TCP stack noticing, by a proxy in front of
 * each node's peer port that stops carrying bytes while every connection stays open. Posts go to
 * node-0 for a guild node-1 owns, so each crosses the link.
 *
 * <p>Whatever the cut: a write answered 200 is there once; one answered 503 is never carried out
 * later; one answered 504 (outcome unknown) retried with its nonce is there once; the loss of the
 * link is noticed within its timeout and logged; and once the link is back the fleet works again by
 * itself, including the index changes node-1 missed.
 */
class PartitionIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration PEER_TIMEOUT = Duration.ofSeconds(4);
  private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(1);

  /** The forward timeout plus the clock skew the sender allows for, plus slack for a busy CI. */
  private static final Duration ANSWER_WITHIN = Duration.ofSeconds(6);

  @RegisterExtension
  static final TestFleet test =
      new TestFleet(
          2,
          List.of(
              "--peer-heartbeat-ms",
              "200",
              "--peer-timeout-ms",
              Long.toString(PEER_TIMEOUT.toMillis()),
              "--forward-timeout-ms",
              Long.toString(FORWARD_TIMEOUT.toMillis())));

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static FaultyProxy beforeNode0;
  private static FaultyProxy beforeNode1;
  private static String token;
  private static String guild;
  private static String channel;

  @BeforeAll
  static void routePeerLinksThroughProxies() throws Exception {
    LocalFleet fleet = test.fleet();
    beforeNode0 = new FaultyProxy(address(fleet.node("node-0").peerAddress()));
    beforeNode1 = new FaultyProxy(address(fleet.node("node-1").peerAddress()));
    fleet.push(
        fleet
            .roundRobin(2, fleet.nodeIds())
            .withPeers(Map.of("node-0", beforeNode0.address(), "node-1", beforeNode1.address())));
    token = test.token("partitioned");
    guild = test.guildOwnedBy("node-1", token);
    channel = test.channelOf(0, guild, token);
  }

  @AfterAll
  static void closeProxies() throws Exception {
    beforeNode0.close();
    beforeNode1.close();
  }

  private static InetSocketAddress address(String hostAndPort) {
    int colon = hostAndPort.lastIndexOf(':');
    return new InetSocketAddress(
        hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1)));
  }

  /** A post through node {@code via}, with its content as its enforced nonce. */
  private static HttpResponse<String> post(int via, String content) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(
                URI.create(test.node(via).url() + "/api/v10/channels/" + channel + "/messages"))
            .header("Authorization", token)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(60))
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"content\":\""
                        + content
                        + "\",\"nonce\":\""
                        + content
                        + "\",\"enforce_nonce\":true}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** How many messages of the channel have each content, read through node-1 (the owner). */
  private static Map<String, Integer> stored() {
    Map<String, Integer> counts = new HashMap<>();
    String before = "";
    while (true) {
      JsonNode page =
          test.node(1)
              .rest("GET", "/channels/" + channel + "/messages?limit=100" + before, token, null)
              .join();
      if (page.isEmpty()) {
        return counts;
      }
      page.forEach(message -> counts.merge(message.get("content").asText(), 1, Integer::sum));
      before = "&before=" + page.get(page.size() - 1).get("id").asText();
    }
  }

  @Test
  void aCutBothWaysIsDetectedAndNoAnsweredWriteIsLostDuplicatedOrCarriedOutLate() throws Exception {
    Map<String, Integer> answers = new ConcurrentHashMap<>();
    AtomicLong slowest = new AtomicLong();
    AtomicBoolean cutting = new AtomicBoolean();
    AtomicBoolean publishing = new AtomicBoolean(true);
    Thread publisher =
        new Thread(
            () -> {
              for (int i = 0; publishing.get(); i++) {
                String content = "cut-" + i;
                long started = System.nanoTime();
                try {
                  answers.put(content, post(0, content).statusCode());
                } catch (Exception failed) {
                  answers.put(content, -1);
                }
                if (cutting.get()) {
                  slowest.accumulateAndGet(System.nanoTime() - started, Math::max);
                }
              }
            },
            "partition-publisher");
    publisher.start();
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> answers.values().stream().filter(status -> status == 200).count() >= 5);

    long lostBefore = test.logLines("node-0", "peer link to node-1 lost");
    cutting.set(true);
    long cutAt = System.nanoTime();
    beforeNode0.cut(FaultyProxy.Direction.BOTH);
    beforeNode1.cut(FaultyProxy.Direction.BOTH);
    // A user made while node-1 cannot hear of it.
    TokenGrant latecomer = test.mint("latecomer");

    test.awaitLogLines("node-0", "peer link to node-1 lost", lostBefore);
    Duration detected = Duration.ofNanos(System.nanoTime() - cutAt);
    assertThat(detected).isLessThan(PEER_TIMEOUT.plusSeconds(3));
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                Duration.ofNanos(System.nanoTime() - cutAt).compareTo(PEER_TIMEOUT.plusSeconds(2))
                    > 0);
    beforeNode0.heal();
    beforeNode1.heal();
    cutting.set(false);

    // The fleet comes back by itself: writes cross the link again.
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> post(0, "healed-" + System.nanoTime()).statusCode() == 200);
    publishing.set(false);
    publisher.join();

    Map<Integer, Long> tally = new java.util.TreeMap<>();
    answers.values().forEach(status -> tally.merge(status, 1L, Long::sum));
    System.out.printf(
        "cut detected after %d ms; answers by status %s; slowest answer during the cut %d ms%n",
        detected.toMillis(), tally, Duration.ofNanos(slowest.get()).toMillis());
    assertThat(Duration.ofNanos(slowest.get())).isLessThan(ANSWER_WITHIN);
    assertThat(answers.values()).as("statuses").allMatch(s -> s == 200 || s == 503 || s == 504);
    assertThat(answers.values()).as("the cut was felt").anyMatch(s -> s != 200);

    List<String> retried = new ArrayList<>();
    for (Map.Entry<String, Integer> answer : answers.entrySet()) {
      if (answer.getValue() == 504) {
        assertThat(post(0, answer.getKey()).statusCode()).isEqualTo(200);
        retried.add(answer.getKey());
      }
    }
    Map<String, Integer> stored = stored();
    answers.forEach(
        (content, status) -> {
          if (status == 200 || status == 504) {
            assertThat(stored.get(content)).as(content + " answered " + status).isEqualTo(1);
          } else {
            assertThat(stored.get(content)).as(content + " answered " + status).isNull();
          }
        });

    // What node-1 missed reaches it: the user made during the cut is known there.
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () -> test.node(1).rest("GET", "/users/@me", latecomer.token(), null).join() != null);

    // A session on node-0 follows node-1's guild again.
    try (GatewayClient session = GatewayClient.connect(test.node(0).gatewayUrl())) {
      session.awaitOp(10);
      session.identifyAndAwaitReady(
          token, Intent.GUILDS | Intent.GUILD_MESSAGES | Intent.MESSAGE_CONTENT);
      session.awaitDispatch("GUILD_CREATE");
      assertThat(post(1, "seen-after-heal").statusCode()).isEqualTo(200);
      session.await(p -> "seen-after-heal".equals(p.at("/d/content").asText()));
    }
  }

  @Test
  void aWriteHeldPastItsDeadlineIsRefusedByTheOwnerAndItsRetryIsCarriedOutOnce() throws Exception {
    assertThat(post(0, "before-the-hold").statusCode()).isEqualTo(200);
    beforeNode1.cut(FaultyProxy.Direction.TOWARDS_NODE);
    HttpResponse<String> held;
    try {
      held = post(0, "held");
    } finally {
      // Shorter than the peer timeout: the link survives, and the held bytes arrive late.
      beforeNode1.heal();
    }
    assertThat(held.statusCode()).as(held.body()).isEqualTo(504);
    // Behind the held request on the same link: once this is answered, that was handled.
    assertThat(post(0, "after-the-hold").statusCode()).isEqualTo(200);
    assertThat(stored()).doesNotContainKey("held").containsKey("after-the-hold");

    assertThat(post(0, "held").statusCode()).isEqualTo(200);
    assertThat(post(0, "held").statusCode()).isEqualTo(200);
    assertThat(stored().get("held")).isEqualTo(1);
  }
}
