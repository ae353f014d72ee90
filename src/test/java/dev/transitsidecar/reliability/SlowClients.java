package dev.transitsidecar.reliability;

import dev.transitsidecar.testing.Http;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Misbehaving clients on raw sockets, each watched by a virtual thread that records when the server closed it:
 * kept-alive connections that go idle after one request, silent connections that never send a byte, and slowloris
 * clients that send a request's headers one byte a second (the pace of the attack, not a wait for a result).
 */
final class SlowClients implements AutoCloseable {
  enum Kind { KEPT_ALIVE, SILENT, SLOWLORIS }

  private static final byte[] SLOW_HEADERS = ("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
      + "a".repeat(200) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

  private record Connection(Kind kind, Socket socket, long openedNanos, AtomicLong closedNanos, AtomicInteger sent) {
    boolean closed() {
      return closedNanos.get() != 0;
    }
  }

  private final List<Connection> connections = Collections.synchronizedList(new ArrayList<>());

  /** Connects, sends one request, reads its answer, then stays connected without a word. */
  void keptAlive(int port) {
    Socket socket = connect(port);
    try {
      socket.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      readOneResponse(socket.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    watch(new Connection(Kind.KEPT_ALIVE, socket, System.nanoTime(), new AtomicLong(), new AtomicInteger()));
  }

  /** Connects and never sends anything. */
  void silent(int port) {
    watch(new Connection(Kind.SILENT, connect(port), System.nanoTime(), new AtomicLong(), new AtomicInteger()));
  }

  /** Connects and sends a request's headers one byte a second until the server closes the connection. */
  void slowloris(int port) {
    Connection c = new Connection(Kind.SLOWLORIS, connect(port), System.nanoTime(), new AtomicLong(),
        new AtomicInteger());
    watch(c);
    Thread.ofVirtual().start(() -> dribble(c));
  }

  private static void dribble(Connection c) {
    try {
      OutputStream out = c.socket().getOutputStream();
      for (int i = 0; i < SLOW_HEADERS.length && !c.closed(); i++) {
        out.write(SLOW_HEADERS[i]);
        out.flush();
        c.sent().incrementAndGet();
        Thread.sleep(1_000);
      }
    } catch (IOException e) {
      // the server closed the connection: the watcher records when
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void watch(Connection c) {
    connections.add(c);
    Thread.ofVirtual().start(() -> {
      byte[] buffer = new byte[512];
      try {
        InputStream in = c.socket().getInputStream();
        while (in.read(buffer) != -1) {
          // an answer to a slowloris request would end up here; the request never completes
        }
      } catch (IOException e) {
        // reset by the server, or closed by close(): either way the connection is over
      }
      c.closedNanos().compareAndSet(0, System.nanoTime());
    });
  }

  /** Waits until the server has closed every connection. */
  void awaitAllClosed(Duration limit) {
    Http.eventually(limit, () -> {
      synchronized (connections) {
        return connections.stream().allMatch(Connection::closed);
      }
    });
  }

  /** For each connection of that kind: milliseconds from its opening (or its one answer) to its closing. */
  List<Long> closedAfter(Kind kind) {
    synchronized (connections) {
      return connections.stream().filter(c -> c.kind() == kind && c.closed())
          .map(c -> (c.closedNanos().get() - c.openedNanos()) / 1_000_000).toList();
    }
  }

  /** The fewest header bytes any slowloris client got to send before it was cut. */
  int bytesSentBySlowest() {
    synchronized (connections) {
      return connections.stream().filter(c -> c.kind() == Kind.SLOWLORIS).mapToInt(c -> c.sent().get()).min()
          .orElse(0);
    }
  }

  private static Socket connect(int port) {
    try {
      Socket socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(0);
      return socket;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads one answer with a Content-Length body (what the probes send). */
  private static void readOneResponse(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed before the answer's headers");
      }
      head.write(b);
    }
    int length = 0;
    for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).strip());
      }
    }
    in.readNBytes(length);
  }

  @Override
  public void close() {
    synchronized (connections) {
      for (Connection c : connections) {
        try {
          c.socket().close();
        } catch (IOException e) {
          // already closed
        }
      }
    }
  }
}
