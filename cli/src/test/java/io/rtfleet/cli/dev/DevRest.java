package io.rtfleet.cli.dev;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The REST API of a fleet 'rtctl dev up' runs, as a client reaches it: through its one URL. */
final class DevRest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ATTEMPTS = 5;

  private final String base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  DevRest(String base) {
    this.base = base;
  }

  /** A call that must succeed; its JSON answer (null when it has none). */
  JsonNode call(String method, String path, String authorization, String body) throws Exception {
    HttpResponse<String> response = send(method, path, authorization, body);
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(
          method + " " + path + " -> " + response.statusCode() + " " + response.body());
    }
    return response.body().isEmpty() ? null : JSON.readTree(response.body());
  }

  /**
   * Posts a message exactly once, as a careful client does while nodes come and go: a post whose
   * answer is lost (its connection closed under it by a node that drains) is sent again with the
   * same nonce, which the node enforces, so that it is never accepted twice.
   */
  void postOnce(String channelId, String token, String content) {
    String body =
        "{\"content\":\"" + content + "\",\"nonce\":\"" + content + "\",\"enforce_nonce\":true}";
    for (int attempt = 1; ; attempt++) {
      try {
        HttpResponse<String> response =
            send("POST", "/channels/" + channelId + "/messages", token, body);
        if (response.statusCode() == 200) {
          return;
        }
        if (response.statusCode() < 500 && response.statusCode() != 429) {
          throw new IllegalStateException(content + " refused: " + response.body());
        }
      } catch (IOException lost) {
        // no answer: sent again below, with the same nonce
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(interrupted);
      }
      if (attempt == ATTEMPTS) {
        throw new IllegalStateException(content + " not accepted after " + ATTEMPTS + " attempts");
      }
    }
  }

  private HttpResponse<String> send(String method, String path, String authorization, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", authorization)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
