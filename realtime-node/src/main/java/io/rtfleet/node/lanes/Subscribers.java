package io.rtfleet.node.lanes;

import io.rtfleet.api.protocol.Intent;
import io.rtfleet.node.session.Session;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * The local sessions that follow one guild, kept grouped by the executor that owns each session so
 * that one event costs one task per executor rather than one per session. Confined to the guild's
 * lane thread.
 */
public final class Subscribers {
  private final Set<Session> sessions = new LinkedHashSet<>();
  private int presenceSubscribers;
  private Map<Executor, Session[]> byExecutor = Map.of();
  private boolean changed;

  public boolean add(Session session) {
    boolean added = sessions.add(session);
    changed |= added;
    if (added && Intent.has(session.intents(), Intent.GUILD_PRESENCES)) {
      presenceSubscribers++;
    }
    return added;
  }

  public boolean remove(Session session) {
    boolean removed = sessions.remove(session);
    changed |= removed;
    if (removed && Intent.has(session.intents(), Intent.GUILD_PRESENCES)) {
      presenceSubscribers--;
    }
    return removed;
  }

  /**
   * Whether any subscriber takes presence updates. Presences change with every identify and close,
   * so fanning them out to a large guild whose sessions all filter them would cost subscribers ×
   * identifies.
   */
  public boolean hasPresenceSubscribers() {
    return presenceSubscribers > 0;
  }

  public int size() {
    return sessions.size();
  }

  public boolean isEmpty() {
    return sessions.isEmpty();
  }

  public List<Session> all() {
    return List.copyOf(sessions);
  }

  /** Subscribers grouped by owning executor; the arrays are never mutated once returned. */
  public Map<Executor, Session[]> byExecutor() {
    if (changed) {
      Map<Executor, List<Session>> grouped = new HashMap<>();
      for (Session session : sessions) {
        grouped.computeIfAbsent(session.executor(), executor -> new ArrayList<>()).add(session);
      }
      Map<Executor, Session[]> frozen = new HashMap<>();
      grouped.forEach((executor, group) -> frozen.put(executor, group.toArray(Session[]::new)));
      byExecutor = frozen;
      changed = false;
    }
    return byExecutor;
  }
}
