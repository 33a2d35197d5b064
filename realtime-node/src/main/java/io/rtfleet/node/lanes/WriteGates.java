package io.rtfleet.node.lanes;

import io.rtfleet.api.admin.WritePauses;
import io.rtfleet.api.protocol.Slots;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleConsumer;
import java.util.function.IntPredicate;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;

/**
 * Which guilds take writes: during a handoff a guild's gate is closed, new requests for it wait at
 * the gate (they are routed again once it opens, to whichever node owns the guild then), and the
 * handoff waits until the guild's writes already on their way to the database are applied.
 */
public final class WriteGates {
  private record Gate(CompletableFuture<Void> opened, long closedAt) {}

  private final Map<Long, Gate> closed = new ConcurrentHashMap<>();
  private final Set<Long> handedOff = ConcurrentHashMap.newKeySet();
  private final Map<Integer, Gate> closedSlots = new ConcurrentHashMap<>();
  private final Set<Integer> slotsHandedOff = ConcurrentHashMap.newKeySet();
  private volatile int slotCount = 1;
  private final Map<Long, AtomicInteger> inFlight = new ConcurrentHashMap<>();
  private final LongSupplier nanoClock;
  private final DoubleConsumer pauseSeconds;
  private final Executor waiters;
  private final List<Double> pauses = Collections.synchronizedList(new ArrayList<>());

  /**
   * @param waiters runs the requests that waited at a gate once it opens, so that opening many
   *     gates at once (a handoff's) does not wait for them one after the other
   */
  public WriteGates(LongSupplier nanoClock, DoubleConsumer pauseSeconds, Executor waiters) {
    this.nanoClock = nanoClock;
    this.pauseSeconds = pauseSeconds;
    this.waiters = waiters;
  }

  /**
   * Completes when the guild's gate opens, or its slot's (a guild being created in a slot that is
   * being handed off waits there); null when both are open.
   */
  public CompletableFuture<Void> gate(long guildId) {
    Gate gate = closed.get(guildId);
    if (gate == null) {
      gate = slotGate(guildId);
    }
    return gate == null ? null : gate.opened();
  }

  /** The closed gate of the guild's slot, or null. */
  private Gate slotGate(long guildId) {
    return closedSlots.isEmpty() ? null : closedSlots.get(Slots.of(guildId, slotCount));
  }

  /** Closes the guild's gate; its pause counts from its slot's closing when that came first. */
  public void close(long guildId) {
    Gate slot = slotGate(guildId);
    long closedAt = slot != null ? slot.closedAt() : nanoClock.getAsLong();
    closed.putIfAbsent(guildId, new Gate(new CompletableFuture<>(), closedAt));
  }

  /**
   * Closes the gates of whole slots, for the guilds created in them from now on (a handoff lists
   * the slots' guilds once this is done, so none can appear that it does not hand off).
   */
  public void closeSlots(Collection<Integer> slots, int slotCount) {
    this.slotCount = slotCount;
    long now = nanoClock.getAsLong();
    slots.forEach(slot -> closedSlots.putIfAbsent(slot, new Gate(new CompletableFuture<>(), now)));
  }

  /** The slots are with the receiver of their handoff; their gates wait for the new table. */
  public void slotsHandedOff(Collection<Integer> slots) {
    slotsHandedOff.addAll(slots);
  }

  /** Whether the slot waits for a table to say where its guilds are created. */
  public boolean slotHandedOff(int slot) {
    return slotsHandedOff.contains(slot);
  }

  /** Opens the gates of the slots {@code which} says. */
  public void openSlots(IntPredicate which) {
    for (int slot : List.copyOf(closedSlots.keySet())) {
      if (which.test(slot)) {
        slotsHandedOff.remove(slot);
        Gate gate = closedSlots.remove(slot);
        if (gate != null) {
          letGo(gate);
        }
      }
    }
  }

  /**
   * The guilds of {@code slots} with a write between admission and apply (creations among them).
   */
  public List<Long> inFlightIn(Collection<Integer> slots, int slotCount) {
    List<Long> busy = new ArrayList<>();
    inFlight.forEach(
        (guild, count) -> {
          if (count.get() > 0 && slots.contains(Slots.of(guild, slotCount))) {
            busy.add(guild);
          }
        });
    return busy;
  }

  /** The guild's state is with the receiver of its handoff; the gate waits for the new table. */
  public void handedOff(long guildId) {
    handedOff.add(guildId);
  }

  /** Whether the guild waits for a table because its state went to the receiver of a handoff. */
  public boolean isHandedOff(long guildId) {
    return handedOff.contains(guildId);
  }

  /**
   * A table came that still gives this node guilds it handed off (the handoff was given up, say by
   * a coordinator that restarted and planned again): they are served here again.
   */
  public void reopenKept(LongPredicate stillOwned, IntPredicate slotStillOwned) {
    for (long guildId : List.copyOf(handedOff)) {
      if (stillOwned.test(guildId)) {
        open(guildId);
      }
    }
    openSlots(slot -> slotsHandedOff.contains(slot) && slotStillOwned.test(slot));
  }

  /**
   * Opens the gates of the guilds {@code moved} says, all at one instant: every pause ends when the
   * placement settled where the guilds are, and only then are their waiting requests let go (each
   * request let go takes a core from the opening of the next gates).
   */
  public void openAll(LongPredicate moved) {
    long now = nanoClock.getAsLong();
    List<Gate> opened = new ArrayList<>();
    for (long guildId : List.copyOf(closed.keySet())) {
      if (moved.test(guildId)) {
        Gate gate = remove(guildId, now);
        if (gate != null) {
          opened.add(gate);
        }
      }
    }
    opened.forEach(this::letGo);
  }

  /** Opens the gate; returns how long it was closed, in seconds (0 when it was open). */
  public double open(long guildId) {
    long now = nanoClock.getAsLong();
    Gate gate = remove(guildId, now);
    if (gate == null) {
      return 0;
    }
    letGo(gate);
    return (now - gate.closedAt()) / 1e9;
  }

  /** Takes the guild's gate away, recording its pause up to {@code now}; null when it was open. */
  private Gate remove(long guildId, long now) {
    handedOff.remove(guildId);
    Gate gate = closed.remove(guildId);
    if (gate != null) {
      double seconds = (now - gate.closedAt()) / 1e9;
      pauseSeconds.accept(seconds);
      pauses.add(seconds);
    }
    return gate;
  }

  /** The requests waiting at the gate go on, on the waiters' threads. */
  private void letGo(Gate gate) {
    gate.opened().completeAsync(() -> null, waiters);
  }

  /** The write pauses since the last call, in milliseconds: count and percentiles. */
  public WritePauses takePauses() {
    List<Double> taken;
    synchronized (pauses) {
      taken = new ArrayList<>(pauses);
      pauses.clear();
    }
    Collections.sort(taken);
    return new WritePauses(
        taken.size(),
        quantileMillis(taken, 0.50),
        quantileMillis(taken, 0.90),
        quantileMillis(taken, 0.99),
        quantileMillis(taken, 1.0));
  }

  private static double quantileMillis(List<Double> sorted, double quantile) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int index = (int) Math.ceil(quantile * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) * 1000;
  }

  /** A request for the guild is being served here; call before looking at its gate. */
  public void begin(long guildId) {
    inFlight.computeIfAbsent(guildId, id -> new AtomicInteger()).incrementAndGet();
  }

  public void end(long guildId) {
    AtomicInteger count = inFlight.get(guildId);
    if (count != null) {
      count.decrementAndGet();
    }
  }

  /** Completes once none of {@code guilds} has a write between commit and apply. */
  public CompletableFuture<Void> whenIdle(Collection<Long> guilds, ScheduledExecutorService timer) {
    CompletableFuture<Void> idle = new CompletableFuture<>();
    List<Long> watched = new ArrayList<>(guilds);
    poll(watched, timer, idle);
    return idle;
  }

  private void poll(
      List<Long> guilds, ScheduledExecutorService timer, CompletableFuture<Void> idle) {
    guilds.removeIf(
        guild -> {
          AtomicInteger count = inFlight.get(guild);
          return count == null || count.get() == 0;
        });
    if (guilds.isEmpty()) {
      idle.complete(null);
    } else {
      timer.schedule(() -> poll(guilds, timer, idle), 1, TimeUnit.MILLISECONDS);
    }
  }
}
