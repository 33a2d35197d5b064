package io.rtfleet.node.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtfleet.node.RealtimeNode;
import io.rtfleet.node.config.NodeConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * A real node on loopback ports chosen by the OS, with its own fresh database, and the HTTP and
 * WebSocket clients tests drive it with.
 */
public final class TestNode implements AutoCloseable {
  public static final String ADMIN_TOKEN = "test-admin-token-0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final NodeConfig requested;
  private final HttpClient http = HttpClient.newHttpClient();
  private RealtimeNode node;

  private TestNode(NodeConfig requested) throws Exception {
    this.requested = requested;
    this.node = RealtimeNode.start(requested);
  }

  public static TestNode start() throws Exception {
    return start(UnaryOperator.identity());
  }

  /** Starts a node with test defaults, adjusted by {@code settings}. */
  public static TestNode start(UnaryOperator<NodeConfig.Builder> settings) throws Exception {
    NodeConfig.Builder builder =
        NodeConfig.builder()
            .port(0)
            .adminPort(0)
            .databaseUrl(SharedPostgres.newDatabase())
            .dataDirectory(Files.createTempDirectory("rtfleet-node"))
            .tokenSecret(
                "test-secret-that-is-long-enough-0123456789".getBytes(StandardCharsets.UTF_8))
            .adminToken(ADMIN_TOKEN)
            .identifiesPerBucket(1000)
            .restRequestsPerSecond(10_000);
    return new TestNode(settings.apply(builder).build());
  }

  /** Stops the node and starts a new one on the same database and ports chosen anew. */
  public void restart() throws Exception {
    node.close();
    node = RealtimeNode.start(requested);
  }

  public RealtimeNode node() {
    return node;
  }

  public String gatewayUrl() {
    return node.gatewayUrl();
  }

  public String restBase() {
    return "http://127.0.0.1:" + node.port() + "/api/v10";
  }

  public String adminBase() {
    return "http://" + node.config().adminHost() + ":" + node.adminPort();
  }

  /** Creates a user through the admin API and returns its token. */
  public String mintToken(String username) throws Exception {
    return mint("{\"username\":\"" + username + "\"}");
  }

  public String mintBotToken(String username) throws Exception {
    return mint("{\"username\":\"" + username + "\",\"bot\":true}");
  }

  public String mint(String body) throws Exception {
    HttpResponse<String> response = admin("POST", "/admin/tokens", body);
    if (response.statusCode() != 201) {
      throw new IllegalStateException("mint failed: " + response.body());
    }
    return JSON.readTree(response.body()).get("token").asText();
  }

  public HttpResponse<String> admin(String method, String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(adminBase() + path))
            .header("Authorization", "Bearer " + ADMIN_TOKEN)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> rest(String method, String path, String authorization, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(restBase() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A REST call that must succeed; returns its JSON body (null for 204). */
  public JsonNode call(String method, String path, String authorization, String body)
      throws Exception {
    HttpResponse<String> response = rest(method, path, authorization, body);
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(
          method + " " + path + " -> " + response.statusCode() + " " + response.body());
    }
    return response.body().isEmpty() ? null : JSON.readTree(response.body());
  }

  public GatewayClient connect() throws Exception {
    return GatewayClient.connect(gatewayUrl() + "/?v=10&encoding=json");
  }

  public GatewayClient connect(String query) throws Exception {
    return GatewayClient.connect(gatewayUrl() + "/" + query);
  }

  public static Path tempDir() throws Exception {
    return Files.createTempDirectory("rtfleet");
  }

  @Override
  public void close() throws Exception {
    node.close();
  }
}
