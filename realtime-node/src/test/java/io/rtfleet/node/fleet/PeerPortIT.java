package io.rtfleet.node.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.rtfleet.node.testing.TestNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Connections to the peer port that have not proved they hold the fleet secret are owed nothing but
 * the handshake: they cannot make the node hold a large frame, keep a connection open past the
 * handshake timeout, or hold more than a few connections at once.
 */
class PeerPortIT {
  private static final Duration HANDSHAKE = Duration.ofMillis(500);
  private static final int MAX_PENDING = 8;
  private static TestNode node;

  @BeforeAll
  static void startNode() throws Exception {
    node =
        TestNode.start(
            config ->
                config
                    .peerPort(0)
                    .fleetSecret(
                        "fleet-secret-for-the-peer-port-test-0123456789"
                            .getBytes(StandardCharsets.UTF_8))
                    .peerHandshakeTimeout(HANDSHAKE)
                    .maxUnauthenticatedPeers(MAX_PENDING));
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.close();
  }

  private static Socket connect() throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", node.node().peerPort()), 5_000);
    return socket;
  }

  /** Whether the node closed the connection: a read returns end of stream or fails. */
  private static boolean closedByNode(Socket socket) throws IOException {
    socket.setSoTimeout(50);
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[4096];
    try {
      while (true) {
        if (in.read(buffer) < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException open) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  private static long directMemory() {
    return ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric().usedDirectMemory();
  }

  @Test
  void thirtyConnectionsAnnouncingHugeFramesAreClosedWithoutBeingBuffered() throws Exception {
    long before = directMemory();
    List<Socket> sockets = new ArrayList<>();
    try {
      byte[] junk = new byte[256 * 1024];
      for (int i = 0; i < 30; i++) {
        Socket socket = connect();
        sockets.add(socket);
        try {
          socket.getOutputStream().write(new byte[] {0x00, (byte) 0xff, (byte) 0xff, (byte) 0xf0});
          for (int k = 0; k < 4; k++) {
            socket.getOutputStream().write(junk);
          }
        } catch (IOException closedEarly) {
          // the node closed it as soon as it read the length: what this test wants
        }
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> sockets.stream().allMatch(socket -> uncheckedClosed(socket)));
      assertThat(directMemory() - before).as("direct memory held").isLessThan(8L * 1024 * 1024);
    } finally {
      for (Socket socket : sockets) {
        socket.close();
      }
    }
  }

  @Test
  void aConnectionThatDoesNotAnswerTheChallengeIsClosedAfterTheHandshakeTimeout() throws Exception {
    try (Socket silent = connect()) {
      long started = System.nanoTime();
      await().atMost(Duration.ofSeconds(5)).until(() -> uncheckedClosed(silent));
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .isLessThan(HANDSHAKE.multipliedBy(6));
    }
  }

  @Test
  void atMostTheCapOfConnectionsWaitInTheirHandshakeAtOnce() throws Exception {
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 3 * MAX_PENDING; i++) {
        sockets.add(connect());
      }
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  sockets.stream().filter(socket -> uncheckedClosed(socket)).count()
                      >= 2L * MAX_PENDING);
    } finally {
      for (Socket socket : sockets) {
        socket.close();
      }
    }
  }

  private static boolean uncheckedClosed(Socket socket) {
    try {
      return closedByNode(socket);
    } catch (IOException failed) {
      return true;
    }
  }
}
