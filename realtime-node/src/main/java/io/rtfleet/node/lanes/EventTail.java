package io.rtfleet.node.lanes;

import io.rtfleet.node.session.Dispatch;
import java.util.ArrayList;
import java.util.List;

/**
 * The last events of a guild with their sequence numbers: what a follower that lost its stream (the
 * guild moved, the follower moved) replays from. Confined to the guild's lane.
 */
public final class EventTail {
  /** One numbered event. */
  public record Entry(long seq, Dispatch dispatch) {}

  private final Entry[] ring;
  private int start;
  private int size;

  public EventTail(int capacity) {
    this.ring = new Entry[capacity];
  }

  /** Appends the next event; its seq must follow the last one's. */
  public void append(long seq, Dispatch dispatch) {
    if (size > 0 && seq != last() + 1) {
      throw new IllegalArgumentException("event " + seq + " does not follow " + last());
    }
    int slot = (start + size) % ring.length;
    ring[slot] = new Entry(seq, dispatch);
    if (size < ring.length) {
      size++;
    } else {
      start = (start + 1) % ring.length;
    }
  }

  private long last() {
    return ring[(start + size - 1) % ring.length].seq();
  }

  /**
   * The events from {@code fromSeq} on, in order; empty when {@code fromSeq} is the next event to
   * come; null when events from {@code fromSeq} have already been dropped (a gap).
   */
  public List<Entry> from(long fromSeq, long currentSeq) {
    if (fromSeq > currentSeq + 1) {
      return null;
    }
    if (fromSeq == currentSeq + 1) {
      return List.of();
    }
    if (size == 0 || fromSeq < ring[start].seq()) {
      return null;
    }
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      Entry entry = ring[(start + i) % ring.length];
      if (entry.seq() >= fromSeq) {
        entries.add(entry);
      }
    }
    return entries;
  }

  /** The newest {@code count} events held (fewer if fewer are held), oldest first. */
  public List<Entry> newest(int count) {
    int taken = Math.min(count, size);
    List<Entry> entries = new ArrayList<>(taken);
    for (int i = size - taken; i < size; i++) {
      entries.add(ring[(start + i) % ring.length]);
    }
    return entries;
  }
}
