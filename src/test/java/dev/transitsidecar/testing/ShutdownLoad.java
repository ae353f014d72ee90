package dev.transitsidecar.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A steady load for the shutdown tests: {@code connections} threads, each sending one request after the other on its
 * own kept-alive HTTP/1.1 connection (raw sockets, so that every byte and every close is the test's to see). A thread
 * opens a new connection when the server answered {@code Connection: close}, and ends when a new connection is
 * refused: the listener has closed. Every request is recorded with when it was sent and how it ended.
 */
public final class ShutdownLoad implements AutoCloseable {
  /** Opens a connection (plain or TLS); a refused one throws {@link ConnectException}. */
  @FunctionalInterface
  public interface Connector {
    Socket open() throws IOException;
  }

  /** How one request ended. */
  public enum Ending { ANSWERED, ANSWERED_WITH_CONNECTION_CLOSE, FAILED }

  /**
   * One request: sent and ended in {@link System#nanoTime()}; {@code status} 0 when it failed.
   *
   * @param failure what a failed request met (the exception's class and message)
   */
  public record Sent(long sentNanos, long endedNanos, Ending ending, int status, String failure) {
    public Duration took() {
      return Duration.ofNanos(endedNanos - sentNanos);
    }
  }

  private final Connector connector;
  private final byte[] request;
  private final List<Thread> threads = new ArrayList<>();
  private final ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
  private final AtomicLong firstRefusedNanos = new AtomicLong(Long.MAX_VALUE);
  private final AtomicLong refused = new AtomicLong();
  private final AtomicBoolean stop = new AtomicBoolean();

  private ShutdownLoad(Connector connector, byte[] request) {
    this.connector = connector;
    this.request = request.clone();
  }

  /** Starts {@code connections} threads sending {@code request} (a whole HTTP/1.1 request) over and over. */
  public static ShutdownLoad start(Connector connector, byte[] request, int connections) {
    ShutdownLoad load = new ShutdownLoad(connector, request);
    for (int i = 0; i < connections; i++) {
      load.threads.add(Thread.ofPlatform().name("shutdown-load-" + i).start(load::loop));
    }
    return load;
  }

  /** A POST with a JSON body and the given extra header lines (each ending in CRLF). */
  public static byte[] post(String path, String host, String headers, String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    String head = "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n" + headers
        + "Content-Length: " + body.length + "\r\n\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[headBytes.length + body.length];
    System.arraycopy(headBytes, 0, all, 0, headBytes.length);
    System.arraycopy(body, 0, all, headBytes.length, body.length);
    return all;
  }

  private void loop() {
    Socket socket = null;
    try {
      while (!stop.get()) {
        if (socket == null) {
          try {
            socket = connector.open();
            socket.setSoTimeout(30_000);
          } catch (ConnectException e) {
            refused.incrementAndGet();
            firstRefusedNanos.accumulateAndGet(System.nanoTime(), Math::min);
            return;
          } catch (IOException e) {
            sent.add(new Sent(System.nanoTime(), System.nanoTime(), Ending.FAILED, 0, "connect: " + e));
            return;
          }
        }
        long start = System.nanoTime();
        try {
          OutputStream out = socket.getOutputStream();
          out.write(request);
          out.flush();
          Answer answer = read(socket.getInputStream());
          sent.add(new Sent(start, System.nanoTime(), answer.close() ? Ending.ANSWERED_WITH_CONNECTION_CLOSE
              : Ending.ANSWERED, answer.status(), ""));
          if (answer.close()) {
            socket.close();
            socket = null;
          }
        } catch (IOException e) {
          sent.add(new Sent(start, System.nanoTime(), Ending.FAILED, 0, e.getClass().getSimpleName() + ": "
              + e.getMessage()));
          closeQuietly(socket);
          socket = null;
        }
      }
    } finally {
      closeQuietly(socket);
    }
  }

  private record Answer(int status, boolean close) {}

  private static Answer read(InputStream in) throws IOException {
    String statusLine = line(in);
    int length = 0;
    boolean close = false;
    for (String header = line(in); !header.isEmpty(); header = line(in)) {
      String lower = header.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Integer.parseInt(lower.substring("content-length:".length()).trim());
      } else if (lower.startsWith("connection:")) {
        close = lower.contains("close");
      }
    }
    if (in.readNBytes(length).length != length) {
      throw new IOException("connection closed inside the body");
    }
    return new Answer(Integer.parseInt(statusLine.split(" ")[1]), close);
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b == -1) {
        throw new IOException("connection closed before a complete answer");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }

  private static void closeQuietly(Socket socket) {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing a socket that failed
      }
    }
  }

  /** Waits until every thread has ended (the listener refused it) or the limit passed; true when all ended. */
  public boolean awaitEnd(Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    for (Thread thread : threads) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || !thread.join(Duration.ofNanos(left))) {
        return false;
      }
    }
    return true;
  }

  public List<Sent> sent() {
    return List.copyOf(sent);
  }

  /** When the first new connection was refused ({@link System#nanoTime()}); {@code Long.MAX_VALUE} if none was. */
  public long firstRefusedNanos() {
    return firstRefusedNanos.get();
  }

  public long refused() {
    return refused.get();
  }

  @Override
  public void close() throws InterruptedException {
    stop.set(true);
    for (Thread thread : threads) {
      thread.join(Duration.ofSeconds(35));
    }
  }
}
