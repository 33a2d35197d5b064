package io.rtfleet.node.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtfleet.node.testing.TestNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin port judges a request by its head: a caller without the token, or with a body larger
 * than its route takes, is answered at once and the body is never read.
 */
class AdminGateIT {
  private static TestNode node;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNode.start();
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.close();
  }

  /** Sends only a request's head announcing {@code length} bytes of body; returns the answer. */
  private static String answerToHead(String method, String path, String authorization, long length)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", node.node().adminPort()), 5_000);
      // Without the early answer, the node would wait for the body: this read would time out.
      socket.setSoTimeout(5_000);
      String head =
          method
              + " "
              + path
              + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\n"
              + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
              + "Content-Length: "
              + length
              + "\r\n\r\n";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      return statusLineAndRest(socket.getInputStream());
    }
  }

  private static String statusLineAndRest(InputStream in) throws IOException {
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    byte[] chunk = new byte[4096];
    int read;
    while ((read = in.read(chunk)) > 0) {
      answer.write(chunk, 0, read);
    }
    return answer.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aCallerSpeakingAnotherAdminVersionIsToldWhichVersionsAreSpoken() throws Exception {
    String refused =
        answerTo(
            "GET /admin/state HTTP/1.1\r\nAuthorization: Bearer "
                + TestNode.ADMIN_TOKEN
                + "\r\nRtfleet-Admin-Version: 99\r\n");
    String served =
        answerTo(
            "GET /admin/state HTTP/1.1\r\nAuthorization: Bearer "
                + TestNode.ADMIN_TOKEN
                + "\r\nRtfleet-Admin-Version: 1\r\n");

    assertThat(refused).startsWith("HTTP/1.1 400").contains("this node speaks 1 to 1");
    assertThat(served).startsWith("HTTP/1.1 200").contains("\"adminApiVersion\":1");
  }

  /** Sends a bodiless request: its request line and headers, without the final blank line. */
  private static String answerTo(String head) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", node.node().adminPort()), 5_000);
      socket.setSoTimeout(5_000);
      String request = head + "Host: 127.0.0.1\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      return statusLineAndRest(socket.getInputStream());
    }
  }

  @Test
  void aCallerWithoutTheTokenGets401BeforeSendingItsBody() throws Exception {
    String answer = answerToHead("PUT", "/admin/placement", null, 4L * 1024 * 1024);
    assertThat(answer).startsWith("HTTP/1.1 401");
  }

  @Test
  void aCallerWithAWrongTokenGets401BeforeSendingItsBody() throws Exception {
    String answer = answerToHead("POST", "/admin/tokens", "Bearer guessed-token-000000", 60_000);
    assertThat(answer).startsWith("HTTP/1.1 401");
  }

  @Test
  void aBodyLargerThanItsRouteTakesIs413BeforeItIsRead() throws Exception {
    String answer =
        answerToHead("POST", "/admin/tokens", "Bearer " + TestNode.ADMIN_TOKEN, 1024 * 1024);
    assertThat(answer).startsWith("HTTP/1.1 413");
  }

  @Test
  void theProbesNeedNoToken() throws Exception {
    assertThat(answerToHead("GET", "/readyz", null, 0)).startsWith("HTTP/1.1 200");
  }
}
