package io.rtfleet.node.session;

/**
 * The dispatches a session may have to replay on RESUME: a ring of the last {@code capacity}
 * dispatches with consecutive sequence numbers.
 *
 * <p>The ring starts small and doubles up to its capacity, so an idle session costs a few words.
 * Dispatches the client has acknowledged (a heartbeat carries the last sequence it received) are
 * dropped early. Not thread-safe: owned by the session's executor.
 */
public final class ReplayBuffer {
  private static final int INITIAL = 8;

  private final int capacity;
  private Dispatch[] ring;
  private int start;
  private int size;
  private long firstSeq = 1;

  public ReplayBuffer(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("replay capacity must be positive: " + capacity);
    }
    this.capacity = capacity;
    this.ring = new Dispatch[Math.min(INITIAL, capacity)];
  }

  /** An empty buffer continues a session transferred from another node at {@code nextSeq}. */
  public void startAt(long nextSeq) {
    if (size != 0) {
      throw new IllegalStateException("only an empty buffer can start elsewhere");
    }
    firstSeq = nextSeq;
  }

  /** Appends the dispatch with sequence {@code firstSeq + size}, evicting the oldest if full. */
  public void append(Dispatch dispatch) {
    if (size == capacity) {
      ring[start] = null;
      start = (start + 1) % ring.length;
      size--;
      firstSeq++;
    } else if (size == ring.length) {
      grow();
    }
    ring[(start + size) % ring.length] = dispatch;
    size++;
  }

  /** Drops every dispatch with a sequence number up to and including {@code seq}. */
  public void acknowledge(long seq) {
    while (size > 0 && firstSeq <= seq) {
      ring[start] = null;
      start = (start + 1) % ring.length;
      size--;
      firstSeq++;
    }
  }

  /**
   * True when every dispatch after {@code seq} is still here (or {@code seq} is the last one), so a
   * RESUME from {@code seq} loses nothing.
   */
  public boolean canReplayAfter(long seq, long lastSeq) {
    return seq <= lastSeq && seq >= firstSeq - 1;
  }

  /** The dispatch with sequence {@code seq}, which must be in the buffer. */
  public Dispatch get(long seq) {
    if (seq < firstSeq || seq >= firstSeq + size) {
      throw new IllegalArgumentException(
          "seq " + seq + " not in [" + firstSeq + ", " + (firstSeq + size) + ")");
    }
    return ring[(int) ((start + seq - firstSeq) % ring.length)];
  }

  public int capacity() {
    return capacity;
  }

  public int size() {
    return size;
  }

  private void grow() {
    Dispatch[] larger = new Dispatch[Math.min(capacity, ring.length * 2)];
    for (int i = 0; i < size; i++) {
      larger[i] = ring[(start + i) % ring.length];
    }
    ring = larger;
    start = 0;
  }
}
