package dev.transitsidecar.devvault;

import java.io.ByteArrayOutputStream;

/**
 * Go's {@code base64.StdEncoding.DecodeString}, reproduced so that error texts match Vault's byte for byte:
 * padding is required, {@code \r} and {@code \n} are skipped anywhere, non-zero trailing bits are accepted
 * (the encoding is not strict), and a failure reads {@code illegal base64 data at input byte N} with Go's N.
 */
final class GoBase64 {
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  private static final int[] DECODE = new int[256];

  static {
    java.util.Arrays.fill(DECODE, -1);
    for (int i = 0; i < ALPHABET.length(); i++) {
      DECODE[ALPHABET.charAt(i)] = i;
    }
  }

  private GoBase64() {}

  /** Decodes or throws a user {@link ItemFailure} with Go's {@code CorruptInputError} text. */
  static byte[] decode(String text) {
    byte[] src = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(src.length * 3 / 4);
    int si = 0;
    while (si < src.length) {
      si = decodeQuantum(out, src, si);
    }
    return out.toByteArray();
  }

  /** One 4-character quantum, as Go's {@code decodeQuantum}; returns the next source index. */
  private static int decodeQuantum(ByteArrayOutputStream out, byte[] src, int start) {
    int[] buf = new int[4];
    int si = start;
    int len = 4;
    for (int j = 0; j < 4; j++) {
      if (si == src.length) {
        if (j == 0) {
          return si;
        }
        throw corrupt(si - j);
      }
      int in = src[si++] & 0xff;
      if (DECODE[in] >= 0) {
        buf[j] = DECODE[in];
        continue;
      }
      if (in == '\n' || in == '\r') {
        j--;
        continue;
      }
      if (in != '=' || j < 2) {
        throw corrupt(si - 1);
      }
      si = consumePadding(src, si, j);
      len = j;
      break;
    }
    write(out, buf, len);
    return si;
  }

  /** Writes the {@code len - 1} bytes that {@code len} sextets carry. */
  private static void write(ByteArrayOutputStream out, int[] buf, int len) {
    int val = buf[0] << 18 | buf[1] << 12 | buf[2] << 6 | buf[3];
    out.write(val >> 16);
    if (len > 2) {
      out.write(val >> 8);
    }
    if (len > 3) {
      out.write(val);
    }
  }

  /** After the first '=' at quantum position j (2 or 3): checks the rest of the padding and trailing input. */
  private static int consumePadding(byte[] src, int start, int j) {
    int si = start;
    if (j == 2) {
      si = skipNewlines(src, si);
      if (si == src.length) {
        throw corrupt(src.length);
      }
      if (src[si] != '=') {
        throw corrupt(si - 1);
      }
      si++;
    }
    si = skipNewlines(src, si);
    if (si < src.length) {
      throw corrupt(si);
    }
    return si;
  }

  private static int skipNewlines(byte[] src, int start) {
    int si = start;
    while (si < src.length && (src[si] == '\n' || src[si] == '\r')) {
      si++;
    }
    return si;
  }

  private static ItemFailure corrupt(int offset) {
    return ItemFailure.user("illegal base64 data at input byte " + offset);
  }
}
