package io.rtfleet.cli.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback in front of one node's peer port that can stop carrying bytes, one way or
 * both, while every connection stays open: the silent cut of a dropped route or a frozen peer,
 * which neither end's TCP stack reports. A direction that is cut stops reading, so what is sent
 * piles up in the kernel's buffers and flows on, late, once the direction is healed.
 */
final class FaultyProxy implements AutoCloseable {
  /** Which way bytes stop: towards the proxied node, from it, or both. */
  enum Direction {
    TOWARDS_NODE,
    FROM_NODE,
    BOTH
  }

  private final InetSocketAddress target;
  private final ServerSocket server;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Object gate = new Object();
  private boolean towardsCut;
  private boolean fromCut;
  private volatile boolean closed;

  FaultyProxy(InetSocketAddress target) throws IOException {
    this.target = target;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "faulty-proxy-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The address to give peers instead of the node's own, as host:port. */
  String address() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  void cut(Direction direction) {
    synchronized (gate) {
      towardsCut |= direction != Direction.FROM_NODE;
      fromCut |= direction != Direction.TOWARDS_NODE;
    }
  }

  void heal() {
    synchronized (gate) {
      towardsCut = false;
      fromCut = false;
      gate.notifyAll();
    }
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = server.accept();
        Socket node = new Socket();
        node.connect(target, 5_000);
        sockets.add(client);
        sockets.add(node);
        pump(client, node, true);
        pump(node, client, false);
      } catch (IOException stopped) {
        // closed, or the node is gone: the peer's connection fails as it would without us
      }
    }
  }

  private void pump(Socket from, Socket to, boolean towardsNode) {
    Thread pump =
        new Thread(
            () -> {
              byte[] buffer = new byte[64 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                while (true) {
                  awaitOpen(towardsNode);
                  int read = in.read(buffer);
                  if (read < 0) {
                    break;
                  }
                  // Bytes read just before a cut are held until it heals, like the rest.
                  awaitOpen(towardsNode);
                  out.write(buffer, 0, read);
                  out.flush();
                }
              } catch (IOException | InterruptedException ended) {
                // one side closed
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "faulty-proxy-pump");
    pump.setDaemon(true);
    pump.start();
  }

  private void awaitOpen(boolean towardsNode) throws InterruptedException {
    synchronized (gate) {
      while (!closed && (towardsNode ? towardsCut : fromCut)) {
        gate.wait();
      }
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    heal();
    server.close();
    sockets.forEach(FaultyProxy::closeQuietly);
  }
}
