package io.rtfleet.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A gateway client that forgets its session: told to reconnect (op 7), it connects to the {@code
 * resume_gateway_url} its READY gave and identifies again instead of resuming, as a client that
 * lost its state would. What the rollout's health gates are there to notice.
 */
public final class ForgetfulClient implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();

  /** The client's one thread: heartbeats, sends and reconnections. */
  private final ScheduledExecutorService heartbeats =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "forgetful-client");
            thread.setDaemon(true);
            return thread;
          });

  private final String token;
  private final AtomicInteger readies = new AtomicInteger();
  private volatile String resumeUrl;
  private volatile WebSocket socket;
  private volatile ScheduledFuture<?> beating;

  private ForgetfulClient(String token) {
    this.token = token;
  }

  /** Connects to the gateway at {@code url} ({@code ws://host:port}) and identifies. */
  public static ForgetfulClient connect(String url, String token) {
    ForgetfulClient client = new ForgetfulClient(token);
    client.open(url);
    return client;
  }

  /** READY dispatches received: one per identify. */
  public int readies() {
    return readies.get();
  }

  private void open(String url) {
    String base = url.endsWith("/") ? url : url + "/";
    socket =
        http.newWebSocketBuilder()
            .buildAsync(URI.create(base + "?v=10&encoding=json"), new Listener())
            .join();
  }

  /** Sends from the one client thread, so that no two sends overlap (the WebSocket forbids it). */
  private void send(WebSocket on, String text) {
    heartbeats.execute(() -> on.sendText(text, true).join());
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder message = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket on, CharSequence part, boolean last) {
      message.append(part);
      if (last) {
        String text = message.toString();
        message.setLength(0);
        received(on, text);
      }
      on.request(1);
      return null;
    }

    private void received(WebSocket on, String text) {
      JsonNode frame;
      try {
        frame = JSON.readTree(text);
      } catch (java.io.IOException malformed) {
        throw new IllegalStateException("the gateway sent malformed JSON: " + text, malformed);
      }
      switch (frame.path("op").asInt(-1)) {
        case 10 -> {
          long interval = frame.path("d").path("heartbeat_interval").asLong(41_250);
          beating =
              heartbeats.scheduleAtFixedRate(
                  () -> send(on, "{\"op\":1,\"d\":null}"),
                  interval,
                  interval,
                  TimeUnit.MILLISECONDS);
          send(
              on,
              "{\"op\":2,\"d\":{\"token\":\""
                  + token
                  + "\",\"intents\":513,\"properties\":{\"os\":\"linux\",\"browser\":\"test\","
                  + "\"device\":\"test\"}}}");
        }
        case 0 -> {
          if ("READY".equals(frame.path("t").asText())) {
            resumeUrl = frame.path("d").path("resume_gateway_url").asText();
            readies.incrementAndGet();
          }
        }
        case 7 -> {
          beating.cancel(false);
          heartbeats.execute(
              () -> {
                on.sendClose(WebSocket.NORMAL_CLOSURE, "forgot the session").join();
                open(resumeUrl);
              });
        }
        default -> {
          // heartbeat acks and the rest: nothing to do
        }
      }
    }
  }

  @Override
  public void close() {
    if (beating != null) {
      beating.cancel(false);
    }
    heartbeats.shutdownNow();
    WebSocket open = socket;
    if (open != null) {
      open.abort();
    }
  }
}
