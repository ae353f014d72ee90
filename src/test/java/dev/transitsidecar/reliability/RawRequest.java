package dev.transitsidecar.reliability;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One HTTP/1.1 request as bytes, for what a normal client refuses to send: any method and target, any header (or
 * none), and a body framed honestly or not.
 *
 * @param headers name and value pairs, in order (a null value sends the name alone, without a colon)
 * @param framing how the body's length is declared
 */
record RawRequest(String method, String target, List<String[]> headers, byte[] body, Framing framing) {
  /** How the body is framed on the wire. */
  enum Framing {
    /** {@code Content-Length} tells the truth. */
    LENGTH,
    /** {@code Content-Length} claims fewer bytes than follow. */
    LENGTH_SHORT,
    /** {@code Content-Length} claims more bytes than follow; the client then stops sending. */
    LENGTH_LONG,
    /** {@code Transfer-Encoding: chunked}, well formed. */
    CHUNKED,
    /** {@code Transfer-Encoding: chunked} with a broken chunk size. */
    CHUNKED_BROKEN,
    /** Both {@code Transfer-Encoding: chunked} and a {@code Content-Length}. */
    CHUNKED_AND_LENGTH,
    /** {@code Transfer-Encoding: gzip}, which the server cannot frame. */
    UNKNOWN_ENCODING,
    /** No length at all (and so no body is sent). */
    NONE
  }

  /** Whether the server may close the connection without an answer: the request never completed or was malformed. */
  boolean mayBeCut() {
    return framing != Framing.LENGTH && framing != Framing.NONE && framing != Framing.CHUNKED
        || !wellFormedHead();
  }

  /** The client half-closes after sending: the server waits for bytes that never come. */
  boolean halfClose() {
    return framing == Framing.LENGTH_LONG;
  }

  private boolean wellFormedHead() {
    String line = method + target;
    if (line.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f) || method.isEmpty() || target.isEmpty()) {
      return false;
    }
    for (String[] h : headers) {
      String all = h[0] + (h[1] == null ? "" : h[1]);
      if (h[1] == null || h[0].isEmpty() || all.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)
          || h[0].chars().anyMatch(c -> c <= 0x20 || c == ':' || c >= 0x7f) || all.length() > 4000) {
        return false;
      }
    }
    return target.length() < 4000;
  }

  byte[] bytes(String host) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out, method + " " + target + " HTTP/1.1\r\n");
    if (host != null) {
      write(out, "Host: " + host + "\r\n");
    }
    for (String[] h : headers) {
      write(out, h[1] == null ? h[0] + "\r\n" : h[0] + ": " + h[1] + "\r\n");
    }
    switch (framing) {
      case LENGTH -> write(out, "Content-Length: " + body.length + "\r\n");
      case LENGTH_SHORT -> write(out, "Content-Length: " + Math.max(0, body.length / 2) + "\r\n");
      case LENGTH_LONG -> write(out, "Content-Length: " + (body.length + 100) + "\r\n");
      case CHUNKED, CHUNKED_BROKEN -> write(out, "Transfer-Encoding: chunked\r\n");
      case CHUNKED_AND_LENGTH -> write(out, "Transfer-Encoding: chunked\r\nContent-Length: " + body.length + "\r\n");
      case UNKNOWN_ENCODING -> write(out, "Transfer-Encoding: gzip\r\n");
      case NONE -> { }
    }
    write(out, "Connection: close\r\n\r\n");
    switch (framing) {
      case CHUNKED, CHUNKED_AND_LENGTH -> {
        if (body.length > 0) {
          write(out, Integer.toHexString(body.length) + "\r\n");
          out.writeBytes(body);
          write(out, "\r\n");
        }
        write(out, "0\r\n\r\n");
      }
      case CHUNKED_BROKEN -> {
        write(out, "zz" + Integer.toHexString(body.length) + "\r\n");
        out.writeBytes(body);
        write(out, "\r\n0\r\n\r\n");
      }
      case NONE -> { }
      default -> out.writeBytes(body);
    }
    return out.toByteArray();
  }

  private static void write(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(escape(method) + " " + escape(target) + " [" + framing + "]");
    for (String[] h : headers) {
      s.append("\n  ").append(escape(h[0])).append(h[1] == null ? "" : ": " + escape(h[1]));
    }
    String text = new String(body, StandardCharsets.UTF_8);
    s.append("\n  body (").append(body.length).append(" bytes): ").append(escape(text));
    return s.toString();
  }

  private static String escape(String text) {
    String cut = text.length() > 300 ? text.substring(0, 300) + "...(" + text.length() + ")" : text;
    StringBuilder out = new StringBuilder();
    cut.codePoints().forEach(c -> out.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", c)
        : new String(Character.toChars(c))));
    return out.toString();
  }
}
