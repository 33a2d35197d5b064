package io.rtfleet.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtfleet.node.testing.NodeProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node killed with SIGKILL leaves its embedded PostgreSQL running; the next start must stop that
 * server and come up, on the first try, with every committed write.
 */
class CrashRestartIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path directory;

  @Test
  void aStandaloneNodeKilledWithSigkillStartsAgainOnTheFirstTry() throws Exception {
    startKillAndStartAgain();
  }

  @Test
  void aFleetNodeKilledWithSigkillStartsAgainOnTheFirstTry() throws Exception {
    startKillAndStartAgain("--peer-port", "0");
  }

  private void startKillAndStartAgain(String... options) throws Exception {
    Path data = directory.resolve("data");
    String[] withData = withDataDir(data, options);
    String guildId;
    String token;
    NodeProcess first = NodeProcess.start(directory.resolve("first.log"), 90, withData);
    try {
      token = mint(first, data);
      guildId = options.length == 0 ? createGuild(first, token) : null;
    } finally {
      first.kill();
    }
    assertThat(Files.exists(data.resolve("postgres").resolve("postmaster.pid")))
        .as("the killed node's database is still running")
        .isTrue();

    try (NodeProcess second = NodeProcess.start(directory.resolve("second.log"), 60, withData)) {
      assertThat(Files.readString(directory.resolve("second.log")))
          .contains("stopped the PostgreSQL server");
      HttpResponse<String> me = rest(second, "GET", "/users/@me", token, null);
      assertThat(me.statusCode()).isEqualTo(200);
      if (guildId != null) {
        HttpResponse<String> guild = rest(second, "GET", "/guilds/" + guildId, token, null);
        assertThat(guild.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(guild.body()).get("name").asText()).isEqualTo("kept");
      }
    }
  }

  private static String[] withDataDir(Path data, String... options) {
    String[] all = new String[options.length + 2];
    all[0] = "--data-dir";
    all[1] = data.toString();
    System.arraycopy(options, 0, all, 2, options.length);
    return all;
  }

  private static String mint(NodeProcess node, Path data) throws Exception {
    String adminToken = Files.readString(data.resolve("admin-token")).strip();
    HttpResponse<String> minted =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(node.adminBase() + "/admin/tokens"))
                .header("Authorization", "Bearer " + adminToken)
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"survivor\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(minted.statusCode()).isEqualTo(201);
    return JSON.readTree(minted.body()).get("token").asText();
  }

  private static String createGuild(NodeProcess node, String token) throws Exception {
    HttpResponse<String> created = rest(node, "POST", "/guilds", token, "{\"name\":\"kept\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode guild = JSON.readTree(created.body());
    return guild.get("id").asText();
  }

  private static HttpResponse<String> rest(
      NodeProcess node, String method, String path, String token, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(node.restBase() + path))
            .header("Authorization", token)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
