package io.rtfleet.node.session;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Every live session of the node, by id and by user. Thread-safe. */
public final class SessionRegistry {
  private final Map<String, Session> byId = new ConcurrentHashMap<>();
  private final Map<Long, Set<Session>> byUser = new ConcurrentHashMap<>();

  public void add(Session session) {
    byId.put(session.id(), session);
    byUser.computeIfAbsent(session.user().id(), id -> ConcurrentHashMap.newKeySet()).add(session);
  }

  /** Removes the session; returns true when it was its user's last one. */
  public boolean remove(Session session) {
    byId.remove(session.id(), session);
    boolean[] last = {false};
    byUser.computeIfPresent(
        session.user().id(),
        (id, sessions) -> {
          sessions.remove(session);
          last[0] = sessions.isEmpty();
          return sessions.isEmpty() ? null : sessions;
        });
    return last[0];
  }

  public Session get(String sessionId) {
    return byId.get(sessionId);
  }

  public Collection<Session> ofUser(long userId) {
    return byUser.getOrDefault(userId, Set.of());
  }

  public Collection<Session> all() {
    return byId.values();
  }

  public int size() {
    return byId.size();
  }
}
