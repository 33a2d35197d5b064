package io.rtfleet.node.fleet;

import io.netty.channel.EventLoopGroup;
import io.rtfleet.api.placement.SlotTable;
import io.rtfleet.api.protocol.Slots;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This node's view of its fleet: the placement table it follows (which node owns each guild), the
 * peer addresses that came with it, and the links to those peers.
 *
 * <p>A standalone node owns every guild and has no peers. A fleet node owns nothing until a
 * placement is pushed, and then exactly the guilds the table gives it: a node restarted with no
 * table, or one whose table is older than a peer's, never acts as an owner (fencing).
 */
public final class Fleet {
  /** Why a pushed table was refused. */
  public record Refusal(long offeredEpoch, long currentEpoch) {}

  private final String selfId;
  private final boolean standalone;
  private final PeerProof proof;
  private final EventLoopGroup group;
  private final PeerClient.Timing timing;
  private final Map<String, PeerClient> clients = new ConcurrentHashMap<>();
  private volatile SlotTable table;
  private volatile Map<String, InetSocketAddress> peers = Map.of();
  private volatile PeerClient.Listener peerListener;
  private volatile boolean stopped;
  private final AtomicLong requestIds = new AtomicLong();
  private final List<Map.Entry<Long, CompletableFuture<Void>>> epochWaiters = new ArrayList<>();

  private Fleet(
      String selfId,
      SlotTable table,
      PeerProof proof,
      EventLoopGroup group,
      PeerClient.Timing timing) {
    this.selfId = selfId;
    this.standalone = proof == null;
    this.table = table;
    this.proof = proof;
    this.group = group;
    this.timing = timing;
  }

  /** A node alone: it owns every slot until a controller says otherwise. */
  public static Fleet standalone(String selfId) {
    return new Fleet(
        selfId, SlotTable.initial(Slots.DEFAULT_SLOT_COUNT, List.of(selfId)), null, null, null);
  }

  /** A fleet node: owns nothing until a placement is pushed. */
  public static Fleet member(
      String selfId, PeerProof proof, EventLoopGroup group, PeerClient.Timing timing) {
    return new Fleet(selfId, null, proof, group, timing);
  }

  public String selfId() {
    return selfId;
  }

  public boolean isStandalone() {
    return standalone;
  }

  public void onPeerMessages(PeerClient.Listener listener) {
    this.peerListener = listener;
  }

  public Optional<SlotTable> table() {
    return Optional.ofNullable(table);
  }

  /** The epoch in force, -1 before the first placement. */
  public long epoch() {
    SlotTable current = table;
    return current == null ? -1 : current.epoch();
  }

  /** The guild's owner by this node's table, or null before the first placement. */
  public String ownerOf(long guildId) {
    SlotTable current = table;
    return current == null ? null : current.ownerOf(guildId);
  }

  /** Whether this node answers for the guild: always when standalone, else by its table. */
  public boolean owns(long guildId) {
    return standalone || selfId.equals(ownerOf(guildId));
  }

  /** Whether this node's table gives it the slot. */
  public boolean ownsSlot(int slot) {
    SlotTable current = table;
    return standalone || (current != null && selfId.equals(current.ownerOfSlot(slot)));
  }

  /**
   * Takes a new table if its epoch is newer than the one in force; otherwise refuses it. {@code
   * peerAddresses} replaces the known addresses of peers (node id to host and peer port).
   */
  public Optional<Refusal> push(SlotTable offered, Map<String, InetSocketAddress> peerAddresses) {
    synchronized (this) {
      SlotTable previous = table;
      if (previous != null && !previous.acceptsSuccessor(offered)) {
        return Optional.of(new Refusal(offered.epoch(), previous.epoch()));
      }
      Map<String, InetSocketAddress> before = peers;
      peers = Map.copyOf(peerAddresses);
      before.forEach(
          (node, address) -> {
            if (!address.equals(peers.get(node))) {
              PeerClient stale = clients.remove(node);
              if (stale != null) {
                stale.close();
              }
            }
          });
      table = offered;
      epochWaiters.removeIf(
          waiter -> {
            if (waiter.getKey() <= offered.epoch()) {
              waiter.getValue().complete(null);
              return true;
            }
            return false;
          });
    }
    return Optional.empty();
  }

  /**
   * Completes once this node has a table of at least {@code epoch}: a peer with a newer table sent
   * a request, and this node's table is on its way.
   */
  public synchronized CompletableFuture<Void> awaitEpoch(long epoch) {
    if (epoch() >= epoch) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> reached = new CompletableFuture<>();
    epochWaiters.add(Map.entry(epoch, reached));
    return reached;
  }

  /** The link to a peer, or null when no address is known for it (or it is this node). */
  public PeerClient peer(String nodeId) {
    if (standalone || stopped || nodeId == null || nodeId.equals(selfId)) {
      return null;
    }
    InetSocketAddress address = peers.get(nodeId);
    if (address == null) {
      return null;
    }
    return clients.computeIfAbsent(
        nodeId,
        id -> new PeerClient(id, address, selfId, proof, group, relay(), requestIds, timing));
  }

  /** Links to every other node with a known address. */
  public List<PeerClient> allPeers() {
    List<PeerClient> all = new ArrayList<>();
    for (String node : peers.keySet()) {
      PeerClient client = peer(node);
      if (client != null) {
        all.add(client);
      }
    }
    return all;
  }

  public Map<String, InetSocketAddress> peerAddresses() {
    return peers;
  }

  private PeerClient.Listener relay() {
    return new PeerClient.Listener() {
      @Override
      public void received(String peerId, PeerMessage message) {
        PeerClient.Listener target = peerListener;
        if (target != null) {
          target.received(peerId, message);
        }
      }

      @Override
      public void disconnected(String peerId) {
        PeerClient.Listener target = peerListener;
        // A node that stops has nothing left to recover, and its lanes may be gone.
        if (target != null && !stopped) {
          target.disconnected(peerId);
        }
      }
    };
  }

  /**
   * Closes every link for good: from now on there are no peers to call, so the sessions that end as
   * the node stops tell nobody, and no link loss is handled.
   */
  public void close() {
    stopped = true;
    clients.values().forEach(PeerClient::close);
  }
}
