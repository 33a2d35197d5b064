package io.rtfleet.node.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.rtfleet.api.placement.SlotTable;
import io.rtfleet.node.fleet.PeerMessage.DirectoryChange;
import io.rtfleet.node.fleet.PeerMessage.EncodedDispatch;
import io.rtfleet.node.fleet.PeerMessage.Event;
import io.rtfleet.node.fleet.PeerMessage.Follow;
import io.rtfleet.node.fleet.PeerMessage.Followed;
import io.rtfleet.node.fleet.PeerMessage.RestReply;
import io.rtfleet.node.fleet.PeerMessage.RestRequest;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class PeerCodecTest {

  private static PeerMessage roundTrip(PeerMessage message) {
    ByteBuf buffer = Unpooled.buffer();
    PeerCodec.write(message, buffer);
    return PeerCodec.read(buffer);
  }

  @Provide
  Arbitrary<byte[]> bytes() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(300).injectNull(0.1);
  }

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.strings().ofMaxLength(40).injectNull(0.1);
  }

  @Property(tries = 300)
  void restRequestsSurviveTheWire(
      @ForAll long id,
      @ForAll long epoch,
      @ForAll("texts") String method,
      @ForAll("texts") String path,
      @ForAll("texts") String query,
      @ForAll("texts") String authorization,
      @ForAll("bytes") byte[] body,
      @ForAll long preset,
      @ForAll long deadline) {
    RestRequest sent =
        new RestRequest(id, epoch, method, path, query, authorization, body, preset, deadline);
    RestRequest read = (RestRequest) roundTrip(sent);
    assertThat(read).usingRecursiveComparison().isEqualTo(sent);
  }

  @Property(tries = 300)
  void eventsSurviveTheWire(
      @ForAll long guild,
      @ForAll long seq,
      @ForAll("texts") String typeOrNull,
      @ForAll int intent,
      @ForAll("bytes") byte[] headOrNull,
      @ForAll("bytes") byte[] withoutContent,
      @ForAll long author) {
    String type = typeOrNull == null ? "MESSAGE_CREATE" : typeOrNull;
    byte[] head = headOrNull == null ? new byte[0] : headOrNull;
    Event sent =
        new Event(guild, seq, new EncodedDispatch(type, intent, head, withoutContent, author));
    Event read = (Event) roundTrip(sent);
    assertThat(read.guildId()).isEqualTo(guild);
    assertThat(read.seq()).isEqualTo(seq);
    assertThat(read.dispatch().type()).isEqualTo(type);
    assertThat(read.dispatch().head()).isEqualTo(head);
    assertThat(read.dispatch().headWithoutContent()).isEqualTo(withoutContent);
    assertThat(read.dispatch().authorId()).isEqualTo(author);
  }

  @Test
  void repliesFollowsAndDirectoryChangesSurviveTheWire() {
    RestReply reply = new RestReply(7, 429, Map.of("Retry-After", "1"), "{}".getBytes());
    assertThat(roundTrip(reply)).usingRecursiveComparison().isEqualTo(reply);
    Follow follow = new Follow(1, 3, 99, 50, true, 17);
    assertThat(roundTrip(follow)).isEqualTo(follow);
    Followed none = new Followed(1, 99, false, 0, null, List.of());
    assertThat(roundTrip(none)).usingRecursiveComparison().isEqualTo(none);
    PeerMessage.Moved moved = new PeerMessage.Moved(99, "node-2");
    assertThat(roundTrip(moved)).isEqualTo(moved);
    PeerMessage.Adopt adopt =
        new PeerMessage.Adopt(
            4,
            2,
            true,
            List.of(
                new PeerMessage.HandedGuild(
                    99,
                    12,
                    7,
                    List.of(
                        new PeerMessage.SequencedDispatch(
                            12,
                            new EncodedDispatch("MESSAGE_CREATE", 512, new byte[] {1}, null, 3))))),
            null);
    assertThat(roundTrip(adopt)).usingRecursiveComparison().isEqualTo(adopt);
    Placement placement =
        new Placement(
            new SlotTable(9, new String[] {"node-0", "node-1", "node-0"}, Map.of(77L, "node-2")),
            Map.of("node-1", InetSocketAddress.createUnresolved("127.0.0.1", 7001)));
    PeerMessage.Adopt withPlacement = new PeerMessage.Adopt(5, 8, false, List.of(), placement);
    PeerMessage.Adopt decoded = (PeerMessage.Adopt) roundTrip(withPlacement);
    assertThat(decoded.placement().table()).isEqualTo(placement.table());
    assertThat(decoded.placement().peers()).isEqualTo(placement.peers());
    PeerMessage.Adopted adopted = new PeerMessage.Adopted(5, 9);
    assertThat(roundTrip(adopted)).isEqualTo(adopted);
    DirectoryChange change =
        new DirectoryChange(5, DirectoryChange.Kind.MEMBER_ADDED, 1, 2, null, 0);
    assertThat(roundTrip(change)).isEqualTo(change);
  }

  /** Whatever arrives, reading it either yields a message or fails as a malformed frame. */
  @Property(tries = 2000)
  void garbageIsAMalformedFrameNeverAnotherFailure(@ForAll("frames") byte[] frame) {
    ByteBuf buffer = Unpooled.wrappedBuffer(frame);
    try {
      PeerCodec.read(buffer);
    } catch (PeerCodec.MalformedFrame expected) {
      // the link is closed: a peer that sends this is broken or not a peer
    }
  }

  @Provide
  Arbitrary<byte[]> frames() {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(64);
    Arbitrary<byte[]> typed =
        Combinators.combine(
                Arbitraries.of(
                    (byte) 1, (byte) 2, (byte) 3, (byte) 10, (byte) 11, (byte) 20, (byte) 21,
                    (byte) 22, (byte) 30, (byte) 40, (byte) 41, (byte) 42, (byte) 50),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(64))
            .as(
                (type, rest) -> {
                  byte[] frame = Arrays.copyOf(new byte[] {type}, rest.length + 1);
                  System.arraycopy(rest, 0, frame, 1, rest.length);
                  return frame;
                });
    return Arbitraries.oneOf(random, typed);
  }

  @Test
  void heartbeatsAndResyncsSurviveTheWire() {
    assertThat(roundTrip(new PeerMessage.Heartbeat())).isEqualTo(new PeerMessage.Heartbeat());
    assertThat(roundTrip(new PeerMessage.Resync(7))).isEqualTo(new PeerMessage.Resync(7));
  }

  @Test
  void trailingBytesAreRefused() {
    ByteBuf buffer = Unpooled.buffer();
    PeerCodec.write(new PeerMessage.Ack(1), buffer);
    buffer.writeByte(0);
    assertThatThrownBy(() -> PeerCodec.read(buffer)).isInstanceOf(PeerCodec.MalformedFrame.class);
  }
}
