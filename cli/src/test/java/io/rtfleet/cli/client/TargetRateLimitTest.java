package io.rtfleet.cli.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * rtctl's REST calls wait out a node's rate limits as Discord's client libraries do, against a
 * WireMock node that answers as a rate-limited node answers: 429 with {@code retry_after}, and the
 * {@code X-RateLimit-*} headers.
 */
class TargetRateLimitTest {
  private WireMockServer node;
  private Target target;

  @BeforeEach
  void start() {
    node = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
    node.start();
    target = new Target("http://127.0.0.1:" + node.port(), "http://127.0.0.1:1", "admin");
  }

  @AfterEach
  void stop() {
    node.stop();
  }

  private static String limited(double retryAfter) {
    return "{\"message\":\"You are being rate limited.\",\"retry_after\":"
        + retryAfter
        + ",\"global\":false}";
  }

  @Test
  void a429IsWaitedOutForItsRetryAfterThenSentAgainAndTheWaitIsReported() {
    node.stubFor(
        post(urlEqualTo("/api/v10/guilds"))
            .inScenario("limited")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(429).withBody(limited(0.3)))
            .willSetStateTo("waited"));
    node.stubFor(
        post(urlEqualTo("/api/v10/guilds"))
            .inScenario("limited")
            .whenScenarioStateIs("waited")
            .willReturn(aResponse().withStatus(200).withBody("{\"id\":\"42\"}")));

    long started = System.nanoTime();
    String id = target.rest("POST", "/guilds", "token-a", "{}").join().get("id").asText();

    assertThat(id).isEqualTo("42");
    assertThat((System.nanoTime() - started) / 1e9).isGreaterThanOrEqualTo(0.3);
    node.verify(2, postRequestedFor(urlEqualTo("/api/v10/guilds")));
    assertThat(target.waitedForRateLimits()).isTrue();
    assertThat(target.rateLimitWaits())
        .isEqualTo(
            "waited 0.3 s on the node's rate limits (1 requests answered 429 and sent again)");
  }

  @Test
  void aTokenWhoseBucketIsEmptySendsNothingUntilItsReset() {
    node.stubFor(
        get(urlEqualTo("/api/v10/users/@me"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("X-RateLimit-Remaining", "0")
                    .withHeader("X-RateLimit-Reset-After", "0.4")
                    .withBody("{\"id\":\"7\"}")));

    target.rest("GET", "/users/@me", "token-b", null).join();
    long started = System.nanoTime();
    target.rest("GET", "/users/@me", "token-b", null).join();

    assertThat((System.nanoTime() - started) / 1e9).isGreaterThanOrEqualTo(0.3);
    node.verify(2, getRequestedFor(urlEqualTo("/api/v10/users/@me")));
    assertThat(target.rateLimitWaits()).contains("(0 requests answered 429");
  }

  @Test
  void aNodeThatKeepsAnswering429FailsTheCallAfterItsTriesWithTheAnswer() {
    node.stubFor(
        post(urlEqualTo("/api/v10/guilds"))
            .willReturn(aResponse().withStatus(429).withBody(limited(0.0))));

    assertThatThrownBy(() -> target.rest("POST", "/guilds", "token-c", "{}").join())
        .hasMessageContaining("POST /guilds answered 429")
        .hasMessageContaining("retry_after");
    node.verify(Target.RATE_LIMITED_ATTEMPTS, postRequestedFor(urlEqualTo("/api/v10/guilds")));
  }

  @Test
  void otherFailuresAreNotTriedAgainAndSayWhatTheNodeAnswered() {
    node.stubFor(
        post(urlEqualTo("/api/v10/guilds"))
            .willReturn(
                aResponse().withStatus(401).withBody("{\"message\":\"401: Unauthorized\"}")));
    node.stubFor(
        get(urlEqualTo("/api/v10/guilds/1/channels"))
            .willReturn(aResponse().withStatus(200).withBody("{not json")));

    assertThatThrownBy(() -> target.rest("POST", "/guilds", "wrong", "{}").join())
        .hasMessageContaining("POST /guilds answered 401: {\"message\":\"401: Unauthorized\"}");
    assertThatThrownBy(() -> target.rest("GET", "/guilds/1/channels", "t", null).join())
        .hasMessageContaining("GET /guilds/1/channels answered malformed JSON");
    node.verify(1, postRequestedFor(urlEqualTo("/api/v10/guilds")));
  }
}
