package io.rtfleet.node.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.awaitility.Awaitility;

/**
 * A plain WebSocket client (the JDK's) that records every payload it receives, inflating
 * zlib-stream binary frames, and the close code. Deliberately not a Discord library: tests drive
 * the protocol by hand.
 */
public final class GatewayClient implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<JsonNode> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger closeCode = new AtomicInteger(-1);
  private final Inflater inflater = new Inflater();
  private final StringBuilder text = new StringBuilder();
  private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
  private volatile boolean reading = true;
  private WebSocket socket;

  private GatewayClient() {}

  public static GatewayClient connect(String url) throws Exception {
    GatewayClient client = new GatewayClient();
    client.socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .buildAsync(URI.create(url), client.new Listener())
            .get(10, TimeUnit.SECONDS);
    return client;
  }

  private final class Listener implements WebSocket.Listener {
    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        record(text.toString());
        text.setLength(0);
      }
      requestMore(webSocket);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      binary.writeBytes(bytes);
      if (last) {
        inflate(binary.toByteArray());
        binary.reset();
      }
      requestMore(webSocket);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closeCode.set(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closeCode.compareAndSet(-1, 1006);
    }
  }

  private void requestMore(WebSocket webSocket) {
    if (reading) {
      webSocket.request(1);
    }
  }

  private void inflate(byte[] compressed) {
    inflater.setInput(compressed);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    try {
      int n;
      while ((n = inflater.inflate(chunk)) > 0) {
        out.write(chunk, 0, n);
      }
    } catch (DataFormatException e) {
      throw new IllegalStateException(e);
    }
    record(out.toString(StandardCharsets.UTF_8));
  }

  private void record(String payload) {
    try {
      received.add(JSON.readTree(payload));
    } catch (Exception e) {
      throw new IllegalStateException("undecodable payload: " + payload, e);
    }
  }

  /** Stops reading from the socket, so that the server's send buffer fills up. */
  public void stopReading() {
    reading = false;
  }

  public void send(String json) {
    socket.sendText(json, true).join();
  }

  public void sendBinary(byte[] bytes) {
    socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
  }

  public void identify(String token, int intents) {
    send(
        "{\"op\":2,\"d\":{\"token\":\""
            + token
            + "\",\"intents\":"
            + intents
            + ",\"properties\":{\"os\":\"linux\",\"browser\":\"test\",\"device\":\"test\"}}}");
  }

  public void resume(String token, String sessionId, long seq) {
    send(
        "{\"op\":6,\"d\":{\"token\":\""
            + token
            + "\",\"session_id\":\""
            + sessionId
            + "\",\"seq\":"
            + seq
            + "}}");
  }

  public void heartbeat(Long seq) {
    send("{\"op\":1,\"d\":" + seq + "}");
  }

  /** Identifies and waits for READY; returns its data. */
  public JsonNode identifyAndAwaitReady(String token, int intents) {
    identify(token, intents);
    return awaitDispatch("READY").get("d");
  }

  public JsonNode await(Predicate<JsonNode> matching) {
    JsonNode[] found = new JsonNode[1];
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              for (JsonNode payload : received) {
                if (matching.test(payload)) {
                  found[0] = payload;
                  return true;
                }
              }
              return false;
            });
    return found[0];
  }

  public JsonNode awaitOp(int op) {
    return await(payload -> payload.path("op").asInt() == op);
  }

  public JsonNode awaitDispatch(String type) {
    return await(payload -> type.equals(payload.path("t").asText()));
  }

  /** Waits for the server to close the connection and returns its close code. */
  public int awaitClose() {
    Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> closeCode.get() != -1);
    return closeCode.get();
  }

  public boolean isClosed() {
    return closeCode.get() != -1;
  }

  /** Every dispatch received so far, in order. */
  public List<JsonNode> dispatches() {
    List<JsonNode> dispatches = new ArrayList<>();
    for (JsonNode payload : received) {
      if (payload.path("op").asInt(-1) == 0) {
        dispatches.add(payload);
      }
    }
    return dispatches;
  }

  public List<JsonNode> dispatches(String type) {
    return dispatches().stream().filter(d -> type.equals(d.path("t").asText())).toList();
  }

  public long lastSeq() {
    List<JsonNode> dispatches = dispatches();
    return dispatches.isEmpty() ? 0 : dispatches.get(dispatches.size() - 1).get("s").asLong();
  }

  public List<JsonNode> received() {
    return received;
  }

  /** Closes from the client side with {@code code} (1000 ends the session; others keep it). */
  public void close(int code) {
    if (!socket.isOutputClosed()) {
      socket.sendClose(code, "bye").join();
    }
  }

  /** Drops the TCP connection without a close frame, as a network failure would. */
  public void drop() {
    socket.abort();
  }

  @Override
  public void close() {
    socket.abort();
    inflater.end();
  }
}
