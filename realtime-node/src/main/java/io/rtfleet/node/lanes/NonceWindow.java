package io.rtfleet.node.lanes;

import io.rtfleet.node.model.Message;
import io.rtfleet.node.store.GuildLoader;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A guild's recent message posts sent with {@code enforce_nonce}, by author and nonce, as Discord
 * keeps them: a post that repeats one within the window gets the first message back instead of
 * making a second. Clients retry a post whose answer they did not get (a 504, a dropped
 * connection); with a nonce the retry is safe.
 *
 * <p>An entry is the first post's message as a future that completes once it is committed, recorded
 * before the commit, so a repeat that comes while the first is still being written waits for it
 * rather than racing it. A first post that fails is forgotten, and its retry writes anew. Confined
 * to the guild's lane.
 */
public final class NonceWindow {
  /** Discord checks "the past few minutes"; the loader reads back as many. */
  public static final long WINDOW_MILLIS = GuildLoader.NONCE_WINDOW_MILLIS;

  /** Bounds the memory a burst of posts can take; the oldest go first. */
  public static final int MAX_ENTRIES = 10_000;

  private record Key(long authorId, String nonce) {}

  private record Entry(CompletableFuture<Message> message, long postedAtMillis) {}

  /** In the order the posts were made: the oldest first. */
  private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>();

  /** The earlier post, committed or on its way, or null when there is none in the window. */
  public CompletableFuture<Message> find(long authorId, String nonce, long nowMillis) {
    expire(nowMillis);
    Entry entry = entries.get(new Key(authorId, nonce));
    return entry == null ? null : entry.message();
  }

  public void remember(
      long authorId, String nonce, CompletableFuture<Message> message, long postedAtMillis) {
    entries.put(new Key(authorId, nonce), new Entry(message, postedAtMillis));
    if (entries.size() > MAX_ENTRIES) {
      Iterator<Map.Entry<Key, Entry>> oldest = entries.entrySet().iterator();
      oldest.next();
      oldest.remove();
    }
  }

  /** Forgets the post if {@code message} is still the one kept for its nonce. */
  public void forget(long authorId, String nonce, CompletableFuture<Message> message) {
    Key key = new Key(authorId, nonce);
    Entry entry = entries.get(key);
    if (entry != null && entry.message() == message) {
      entries.remove(key);
    }
  }

  public int size() {
    return entries.size();
  }

  private void expire(long nowMillis) {
    Iterator<Entry> oldest = entries.values().iterator();
    while (oldest.hasNext()) {
      if (nowMillis - oldest.next().postedAtMillis() < WINDOW_MILLIS) {
        return;
      }
      oldest.remove();
    }
  }
}
