package io.rtfleet.node.fleet;

import io.netty.buffer.ByteBuf;
import io.rtfleet.api.placement.SlotTable;
import io.rtfleet.node.fleet.PeerMessage.Ack;
import io.rtfleet.node.fleet.PeerMessage.Adopt;
import io.rtfleet.node.fleet.PeerMessage.Adopted;
import io.rtfleet.node.fleet.PeerMessage.Authenticate;
import io.rtfleet.node.fleet.PeerMessage.Challenge;
import io.rtfleet.node.fleet.PeerMessage.DirectoryChange;
import io.rtfleet.node.fleet.PeerMessage.EncodedDispatch;
import io.rtfleet.node.fleet.PeerMessage.Event;
import io.rtfleet.node.fleet.PeerMessage.Follow;
import io.rtfleet.node.fleet.PeerMessage.Followed;
import io.rtfleet.node.fleet.PeerMessage.HandedGuild;
import io.rtfleet.node.fleet.PeerMessage.Heartbeat;
import io.rtfleet.node.fleet.PeerMessage.Moved;
import io.rtfleet.node.fleet.PeerMessage.PullSession;
import io.rtfleet.node.fleet.PeerMessage.RestReply;
import io.rtfleet.node.fleet.PeerMessage.RestRequest;
import io.rtfleet.node.fleet.PeerMessage.Resync;
import io.rtfleet.node.fleet.PeerMessage.SequencedDispatch;
import io.rtfleet.node.fleet.PeerMessage.SessionState;
import io.rtfleet.node.fleet.PeerMessage.Unfollow;
import io.rtfleet.node.fleet.PeerMessage.Welcome;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary form of {@link PeerMessage}s inside one length-prefixed frame: a type byte, then the
 * fields in order (longs and ints big-endian, strings and byte arrays as a length and the bytes, -1
 * for null). Pure: reads and writes buffers, nothing else.
 */
public final class PeerCodec {
  /** Largest frame either side accepts; a guild's GUILD_CREATE is the largest message. */
  public static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;

  private static final byte CHALLENGE = 1;
  private static final byte AUTHENTICATE = 2;
  private static final byte WELCOME = 3;
  private static final byte REST_REQUEST = 10;
  private static final byte REST_REPLY = 11;
  private static final byte FOLLOW = 20;
  private static final byte FOLLOWED = 21;
  private static final byte UNFOLLOW = 22;
  private static final byte MOVED = 23;
  private static final byte ADOPT = 24;
  private static final byte ADOPTED = 25;
  private static final byte EVENT = 30;
  private static final byte PULL_SESSION = 31;
  private static final byte SESSION_STATE = 32;
  private static final byte INDEX_CHANGE = 40;
  private static final byte ACK = 41;
  private static final byte RESYNC = 42;
  private static final byte HEARTBEAT = 50;

  private PeerCodec() {}

  /** Thrown for a frame that is not a message this version understands. */
  public static final class MalformedFrame extends RuntimeException {
    MalformedFrame(String message) {
      super(message);
    }
  }

  public static void write(PeerMessage message, ByteBuf out) {
    if (message instanceof Challenge m) {
      out.writeByte(CHALLENGE);
      writeBytes(out, m.nonce());
    } else if (message instanceof Authenticate m) {
      out.writeByte(AUTHENTICATE);
      writeString(out, m.nodeId());
      writeBytes(out, m.proof());
    } else if (message instanceof Welcome m) {
      out.writeByte(WELCOME);
      writeString(out, m.nodeId());
    } else if (message instanceof RestRequest m) {
      out.writeByte(REST_REQUEST);
      out.writeLong(m.id());
      out.writeLong(m.epoch());
      writeString(out, m.method());
      writeString(out, m.path());
      writeString(out, m.query());
      writeString(out, m.authorization());
      writeBytes(out, m.body());
      out.writeLong(m.presetGuildId());
      out.writeLong(m.deadlineMillis());
    } else if (message instanceof RestReply m) {
      out.writeByte(REST_REPLY);
      out.writeLong(m.id());
      out.writeInt(m.status());
      out.writeInt(m.headers().size());
      m.headers()
          .forEach(
              (name, value) -> {
                writeString(out, name);
                writeString(out, value);
              });
      writeBytes(out, m.body());
    } else if (message instanceof Follow m) {
      out.writeByte(FOLLOW);
      out.writeLong(m.id());
      out.writeLong(m.epoch());
      out.writeLong(m.guildId());
      out.writeInt(m.largeThreshold());
      out.writeBoolean(m.presences());
      out.writeLong(m.fromSeq());
    } else if (message instanceof Followed m) {
      out.writeByte(FOLLOWED);
      out.writeLong(m.id());
      out.writeLong(m.guildId());
      out.writeBoolean(m.found());
      out.writeLong(m.lastSeq());
      out.writeBoolean(m.guildCreate() != null);
      if (m.guildCreate() != null) {
        writeDispatch(out, m.guildCreate());
      }
      writeSequenced(out, m.replay());
    } else if (message instanceof Moved m) {
      out.writeByte(MOVED);
      out.writeLong(m.guildId());
      writeString(out, m.owner());
    } else if (message instanceof Adopt m) {
      out.writeByte(ADOPT);
      out.writeLong(m.id());
      out.writeLong(m.epoch());
      out.writeBoolean(m.prepare());
      out.writeInt(m.guilds().size());
      for (HandedGuild guild : m.guilds()) {
        out.writeLong(guild.guildId());
        out.writeLong(guild.lastSeq());
        out.writeLong(guild.stateVersion());
        writeSequenced(out, guild.tail());
      }
      out.writeBoolean(m.placement() != null);
      if (m.placement() != null) {
        writePlacement(out, m.placement());
      }
    } else if (message instanceof Adopted m) {
      out.writeByte(ADOPTED);
      out.writeLong(m.id());
      out.writeLong(m.epoch());
    } else if (message instanceof Unfollow m) {
      out.writeByte(UNFOLLOW);
      out.writeLong(m.guildId());
    } else if (message instanceof Event m) {
      out.writeByte(EVENT);
      out.writeLong(m.guildId());
      out.writeLong(m.seq());
      writeDispatch(out, m.dispatch());
    } else if (message instanceof PullSession m) {
      out.writeByte(PULL_SESSION);
      out.writeLong(m.id());
      writeString(out, m.sessionId());
      out.writeLong(m.clientSeq());
      out.writeLong(m.userId());
    } else if (message instanceof SessionState m) {
      out.writeByte(SESSION_STATE);
      out.writeLong(m.id());
      out.writeBoolean(m.found());
      out.writeLong(m.userId());
      out.writeInt(m.intents());
      out.writeInt(m.shardId());
      out.writeInt(m.shardCount());
      out.writeInt(m.largeThreshold());
      out.writeLong(m.clientSeq());
      out.writeInt(m.missed().size());
      m.missed().forEach(dispatch -> writeDispatch(out, dispatch));
      out.writeInt(m.guildCursors().size());
      m.guildCursors()
          .forEach(
              (guild, seq) -> {
                out.writeLong(guild);
                out.writeLong(seq);
              });
    } else if (message instanceof DirectoryChange m) {
      out.writeByte(INDEX_CHANGE);
      out.writeLong(m.id());
      out.writeByte(m.kind().ordinal());
      out.writeLong(m.first());
      out.writeLong(m.second());
      writeString(out, m.name());
      out.writeInt(m.flags());
    } else if (message instanceof Ack m) {
      out.writeByte(ACK);
      out.writeLong(m.id());
    } else if (message instanceof Resync m) {
      out.writeByte(RESYNC);
      out.writeLong(m.id());
    } else if (message instanceof Heartbeat) {
      out.writeByte(HEARTBEAT);
    }
  }

  /** Reads one whole frame; throws {@link MalformedFrame} for anything else. */
  public static PeerMessage read(ByteBuf in) {
    try {
      PeerMessage message = readBody(in);
      if (in.isReadable()) {
        throw new MalformedFrame(in.readableBytes() + " bytes after the message");
      }
      return message;
    } catch (IndexOutOfBoundsException truncated) {
      throw new MalformedFrame("truncated frame");
    }
  }

  private static PeerMessage readBody(ByteBuf in) {
    byte type = in.readByte();
    return switch (type) {
      case CHALLENGE -> new Challenge(readBytes(in));
      case AUTHENTICATE -> new Authenticate(readString(in), readBytes(in));
      case WELCOME -> new Welcome(readString(in));
      case REST_REQUEST ->
          new RestRequest(
              in.readLong(),
              in.readLong(),
              readString(in),
              readString(in),
              readString(in),
              readString(in),
              readBytes(in),
              in.readLong(),
              in.readLong());
      case REST_REPLY -> {
        long id = in.readLong();
        int status = in.readInt();
        int count = in.readInt();
        if (count < 0 || count > 64) {
          throw new MalformedFrame("bad header count " + count);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
          headers.put(readString(in), readString(in));
        }
        yield new RestReply(id, status, headers, readBytes(in));
      }
      case FOLLOW ->
          new Follow(
              in.readLong(),
              in.readLong(),
              in.readLong(),
              in.readInt(),
              in.readBoolean(),
              in.readLong());
      case FOLLOWED ->
          new Followed(
              in.readLong(),
              in.readLong(),
              in.readBoolean(),
              in.readLong(),
              in.readBoolean() ? readDispatch(in) : null,
              readSequenced(in));
      case MOVED -> new Moved(in.readLong(), readString(in));
      case ADOPT -> {
        long id = in.readLong();
        long epoch = in.readLong();
        boolean prepare = in.readBoolean();
        int count = count(in);
        List<HandedGuild> guilds = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          guilds.add(
              new HandedGuild(in.readLong(), in.readLong(), in.readLong(), readSequenced(in)));
        }
        yield new Adopt(id, epoch, prepare, guilds, in.readBoolean() ? readPlacement(in) : null);
      }
      case ADOPTED -> new Adopted(in.readLong(), in.readLong());
      case UNFOLLOW -> new Unfollow(in.readLong());
      case EVENT -> new Event(in.readLong(), in.readLong(), readDispatch(in));
      case PULL_SESSION ->
          new PullSession(in.readLong(), readString(in), in.readLong(), in.readLong());
      case SESSION_STATE -> {
        long id = in.readLong();
        boolean found = in.readBoolean();
        long userId = in.readLong();
        int intents = in.readInt();
        int shardId = in.readInt();
        int shardCount = in.readInt();
        int largeThreshold = in.readInt();
        long clientSeq = in.readLong();
        int missedCount = count(in);
        List<EncodedDispatch> missed = new ArrayList<>(missedCount);
        for (int i = 0; i < missedCount; i++) {
          missed.add(readDispatch(in));
        }
        int cursorCount = count(in);
        Map<Long, Long> cursors = new LinkedHashMap<>();
        for (int i = 0; i < cursorCount; i++) {
          cursors.put(in.readLong(), in.readLong());
        }
        yield new SessionState(
            id,
            found,
            userId,
            intents,
            shardId,
            shardCount,
            largeThreshold,
            clientSeq,
            missed,
            cursors);
      }
      case INDEX_CHANGE -> {
        long id = in.readLong();
        int kind = in.readByte();
        if (kind < 0 || kind >= DirectoryChange.Kind.values().length) {
          throw new MalformedFrame("unknown directory change " + kind);
        }
        yield new DirectoryChange(
            id,
            DirectoryChange.Kind.values()[kind],
            in.readLong(),
            in.readLong(),
            readString(in),
            in.readInt());
      }
      case ACK -> new Ack(in.readLong());
      case RESYNC -> new Resync(in.readLong());
      case HEARTBEAT -> new Heartbeat();
      default -> throw new MalformedFrame("unknown message type " + type);
    };
  }

  private static void writeSequenced(ByteBuf out, List<SequencedDispatch> dispatches) {
    out.writeInt(dispatches.size());
    for (SequencedDispatch dispatch : dispatches) {
      out.writeLong(dispatch.seq());
      writeDispatch(out, dispatch.dispatch());
    }
  }

  private static List<SequencedDispatch> readSequenced(ByteBuf in) {
    int count = count(in);
    List<SequencedDispatch> dispatches = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      dispatches.add(new SequencedDispatch(in.readLong(), readDispatch(in)));
    }
    return dispatches;
  }

  /** A list length, checked against what is left: each element takes at least 8 bytes. */
  private static int count(ByteBuf in) {
    int count = in.readInt();
    if (count < 0 || count > in.readableBytes() / 8) {
      throw new MalformedFrame("bad count " + count);
    }
    return count;
  }

  /**
   * A placement: its epoch, the node ids it names, each slot's owner and each override as an index
   * into them, and the peer addresses.
   */
  private static void writePlacement(ByteBuf out, Placement placement) {
    SlotTable table = placement.table();
    Map<String, Integer> names = new LinkedHashMap<>();
    for (int slot = 0; slot < table.slotCount(); slot++) {
      names.putIfAbsent(table.ownerOfSlot(slot), names.size());
    }
    table.overrides().values().forEach(node -> names.putIfAbsent(node, names.size()));
    out.writeLong(table.epoch());
    out.writeInt(names.size());
    names.keySet().forEach(name -> writeString(out, name));
    out.writeInt(table.slotCount());
    for (int slot = 0; slot < table.slotCount(); slot++) {
      out.writeShort(names.get(table.ownerOfSlot(slot)));
    }
    out.writeInt(table.overrides().size());
    table
        .overrides()
        .forEach(
            (guild, node) -> {
              out.writeLong(guild);
              out.writeShort(names.get(node));
            });
    out.writeInt(placement.peers().size());
    placement
        .peers()
        .forEach(
            (node, address) -> {
              writeString(out, node);
              writeString(out, address.getHostString());
              out.writeInt(address.getPort());
            });
  }

  private static Placement readPlacement(ByteBuf in) {
    long epoch = in.readLong();
    List<String> names = new ArrayList<>();
    for (int i = count(in); i > 0; i--) {
      names.add(readString(in));
    }
    int slotCount = in.readInt();
    if (slotCount < 1 || slotCount > in.readableBytes() / 2) {
      throw new MalformedFrame("bad slot count " + slotCount);
    }
    String[] owners = new String[slotCount];
    for (int slot = 0; slot < slotCount; slot++) {
      owners[slot] = name(names, in.readUnsignedShort());
    }
    Map<Long, String> overrides = new HashMap<>();
    for (int i = count(in); i > 0; i--) {
      overrides.put(in.readLong(), name(names, in.readUnsignedShort()));
    }
    Map<String, InetSocketAddress> peers = new HashMap<>();
    for (int i = count(in); i > 0; i--) {
      String node = readString(in);
      String host = readString(in);
      int port = in.readInt();
      if (node == null || host == null || port < 1 || port > 65_535) {
        throw new MalformedFrame("bad peer address for " + node);
      }
      peers.put(node, InetSocketAddress.createUnresolved(host, port));
    }
    try {
      return new Placement(new SlotTable(epoch, owners, overrides), peers);
    } catch (IllegalArgumentException invalid) {
      throw new MalformedFrame("bad placement: " + invalid.getMessage());
    }
  }

  private static String name(List<String> names, int index) {
    if (index >= names.size() || names.get(index) == null) {
      throw new MalformedFrame("no node name " + index);
    }
    return names.get(index);
  }

  private static void writeDispatch(ByteBuf out, EncodedDispatch dispatch) {
    writeString(out, dispatch.type());
    out.writeInt(dispatch.intent());
    writeBytes(out, dispatch.head());
    writeBytes(out, dispatch.headWithoutContent());
    out.writeLong(dispatch.authorId());
  }

  private static EncodedDispatch readDispatch(ByteBuf in) {
    String type = readString(in);
    int intent = in.readInt();
    byte[] head = readBytes(in);
    if (type == null || head == null) {
      throw new MalformedFrame("dispatch without type or encoding");
    }
    return new EncodedDispatch(type, intent, head, readBytes(in), in.readLong());
  }

  private static void writeString(ByteBuf out, String value) {
    writeBytes(out, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  private static String readString(ByteBuf in) {
    byte[] bytes = readBytes(in);
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  private static void writeBytes(ByteBuf out, byte[] value) {
    if (value == null) {
      out.writeInt(-1);
      return;
    }
    out.writeInt(value.length);
    out.writeBytes(value);
  }

  private static byte[] readBytes(ByteBuf in) {
    int length = in.readInt();
    if (length == -1) {
      return null;
    }
    if (length < 0 || length > in.readableBytes()) {
      throw new MalformedFrame("bad length " + length);
    }
    byte[] bytes = new byte[length];
    in.readBytes(bytes);
    return bytes;
  }
}
