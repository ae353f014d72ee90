package dev.transitsidecar.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Sends a {@link RawRequest} on its own connection and reads until the server closes it or the deadline passes. */
final class RawHttp {
  private static final int MAX_ANSWER = 8 * 1024 * 1024;

  private RawHttp() {}

  /** What came back. */
  record Outcome(Kind kind, int status, Map<String, String> headers, byte[] body) {
    String contentType() {
      return headers.getOrDefault("content-type", "");
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  enum Kind {
    /** A complete answer. */
    ANSWERED,
    /** The server closed (or reset) the connection without a complete answer. */
    CLOSED,
    /** Neither an answer nor a close before the deadline. */
    HUNG
  }

  static Outcome exchange(int port, RawRequest request, String host, Duration deadline) {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    boolean timedOut = false;
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout((int) deadline.toMillis());
      try {
        socket.getOutputStream().write(request.bytes(host));
        socket.getOutputStream().flush();
        if (request.halfClose()) {
          socket.shutdownOutput();
        }
      } catch (IOException e) {
        // the server may answer and close before it has read everything: read what it said
      }
      timedOut = readAll(socket.getInputStream(), received, System.nanoTime() + deadline.toNanos());
    } catch (IOException e) {
      // connect failure or reset: judged by what was received
    }
    return parse(received.toByteArray(), timedOut);
  }

  /** True when the deadline passed before the server closed. */
  private static boolean readAll(InputStream in, ByteArrayOutputStream out, long deadlineNanos) {
    byte[] buffer = new byte[16 * 1024];
    try {
      while (System.nanoTime() < deadlineNanos) {
        int n = in.read(buffer);
        if (n < 0) {
          return false;
        }
        if (out.size() < MAX_ANSWER) {
          out.write(buffer, 0, n);
        }
      }
      return true;
    } catch (SocketTimeoutException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static Outcome parse(byte[] raw, boolean timedOut) {
    String all = new String(raw, StandardCharsets.ISO_8859_1);
    int end = all.indexOf("\r\n\r\n");
    if (end < 0 || !all.startsWith("HTTP/1.")) {
      return new Outcome(timedOut ? Kind.HUNG : Kind.CLOSED, 0, Map.of(), raw);
    }
    String[] lines = all.substring(0, end).split("\r\n");
    String[] statusLine = lines[0].split(" ", 3);
    int status = statusLine.length > 1 ? Integer.parseInt(statusLine[1]) : 0;
    if (status >= 100 && status < 200) {
      return parse(java.util.Arrays.copyOfRange(raw, end + 4, raw.length), timedOut); // an interim answer
    }
    Map<String, String> headers = new HashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
      }
    }
    byte[] rest = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
    byte[] body = "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? dechunk(rest) : rest;
    String length = headers.get("content-length");
    boolean complete = body != null && (length == null || body.length >= Integer.parseInt(length));
    if (!complete) {
      return new Outcome(timedOut ? Kind.HUNG : Kind.CLOSED, status, headers, rest);
    }
    if (length != null) {
      body = java.util.Arrays.copyOf(body, Integer.parseInt(length));
    }
    return new Outcome(Kind.ANSWERED, status, headers, body);
  }

  /** The body of a chunked answer, or null when it is incomplete. */
  private static byte[] dechunk(byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (true) {
      int lineEnd = indexOf(raw, at);
      if (lineEnd < 0) {
        return null;
      }
      String size = new String(raw, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].strip();
      int n = Integer.parseInt(size, 16);
      if (n == 0) {
        return out.toByteArray();
      }
      if (lineEnd + 2 + n > raw.length) {
        return null;
      }
      out.write(raw, lineEnd + 2, n);
      at = lineEnd + 2 + n + 2;
    }
  }

  private static int indexOf(byte[] raw, int from) {
    for (int i = from; i + 1 < raw.length; i++) {
      if (raw[i] == '\r' && raw[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
