package io.rtfleet.node.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rtfleet.node.guild.DiscordJson;
import io.rtfleet.node.session.Session;
import io.rtfleet.node.session.SessionRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Single-node drain: the node turns unready (so the load balancer sends it no new clients), then
 * asks its sessions to reconnect (op 7) in waves of {@code waveSize} every {@code waveInterval}, so
 * that a node of many sessions does not send them all to its peers at once. Done when every session
 * that was there at the start has been asked and none is still attached.
 */
public final class Drainer {
  public enum Phase {
    ACTIVE,
    DRAINING,
    DRAINED
  }

  private final SessionRegistry sessions;
  private final ScheduledExecutorService scheduler;
  private Phase phase = Phase.ACTIVE;
  private List<Session> pending = List.of();
  private int total;
  private int signalled;
  private ScheduledFuture<?> waves;

  public Drainer(SessionRegistry sessions, ScheduledExecutorService scheduler) {
    this.sessions = sessions;
    this.scheduler = scheduler;
  }

  public synchronized boolean ready() {
    return phase == Phase.ACTIVE;
  }

  /** Starts draining; a second call while draining changes nothing. */
  public synchronized void start(int waveSize, long waveIntervalMillis) {
    if (phase != Phase.ACTIVE) {
      return;
    }
    if (waveSize < 1 || waveIntervalMillis < 0) {
      throw new IllegalArgumentException("wave size must be positive and interval not negative");
    }
    phase = Phase.DRAINING;
    pending = new ArrayList<>(sessions.all());
    total = pending.size();
    waves =
        scheduler.scheduleWithFixedDelay(
            () -> wave(waveSize), 0, Math.max(1, waveIntervalMillis), TimeUnit.MILLISECONDS);
  }

  private synchronized void wave(int waveSize) {
    int end = Math.min(pending.size(), signalled + waveSize);
    for (int i = signalled; i < end; i++) {
      Session session = pending.get(i);
      session.executor().execute(session::requestReconnect);
    }
    signalled = end;
    if (signalled == pending.size() && attached() == 0) {
      phase = Phase.DRAINED;
      pending = List.of();
      waves.cancel(false);
    }
  }

  private long attached() {
    return sessions.all().stream().filter(Session::isAttached).count();
  }

  public synchronized ObjectNode progress() {
    ObjectNode json = DiscordJson.MAPPER.createObjectNode();
    json.put("phase", phase.name());
    json.put("sessionsAtStart", total);
    json.put("signalled", signalled);
    json.put("attached", attached());
    json.put("sessions", sessions.size());
    return json;
  }

  public synchronized void stop() {
    if (waves != null) {
      waves.cancel(false);
    }
  }
}
