package io.rtfleet.coordinator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** One node's admin API, as the coordinator calls it: bearer token, JSON in and out. */
public final class NodeAdmin {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final String nodeId;
  private final String adminUrl;
  private final String token;

  public NodeAdmin(String nodeId, String adminUrl, String token) {
    this.nodeId = nodeId;
    this.adminUrl =
        adminUrl.endsWith("/") ? adminUrl.substring(0, adminUrl.length() - 1) : adminUrl;
    this.token = token;
  }

  public String nodeId() {
    return nodeId;
  }

  /** Thrown when a node answers with an error status; carries the status and its message. */
  public static final class AdminException extends IOException {
    private final int status;

    AdminException(String message, int status) {
      super(message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  public JsonNode get(String path) throws IOException, InterruptedException {
    return send("GET", path, null);
  }

  public JsonNode put(String path, JsonNode body) throws IOException, InterruptedException {
    return send("PUT", path, body);
  }

  public JsonNode post(String path, JsonNode body) throws IOException, InterruptedException {
    return send("POST", path, body);
  }

  /** PUT without waiting; completes with the answer or an {@link IOException}. */
  public CompletableFuture<JsonNode> putAsync(String path, JsonNode body) {
    return HTTP.sendAsync(request("PUT", path, body), HttpResponse.BodyHandlers.ofString())
        .thenApply(
            response -> {
              try {
                return answer("PUT", path, response);
              } catch (IOException refused) {
                throw new CompletionException(refused);
              }
            });
  }

  private JsonNode send(String method, String path, JsonNode body)
      throws IOException, InterruptedException {
    return answer(
        method, path, HTTP.send(request(method, path, body), HttpResponse.BodyHandlers.ofString()));
  }

  private HttpRequest request(String method, String path, JsonNode body) {
    return HttpRequest.newBuilder(URI.create(adminUrl + path))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + token)
        .method(
            method,
            body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.toString()))
        .build();
  }

  private JsonNode answer(String method, String path, HttpResponse<String> response)
      throws IOException {
    if (response.statusCode() >= 300) {
      throw new AdminException(
          nodeId
              + ": "
              + method
              + " "
              + path
              + " answered "
              + response.statusCode()
              + ": "
              + response.body(),
          response.statusCode());
    }
    return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
  }
}
