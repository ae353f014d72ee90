package dev.transitsidecar.memory;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import io.vertx.core.buffer.Buffer;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Standard base64 (RFC 4648 section 4) between a Vert.x {@link Buffer} and a slot, four characters to three bytes at
 * a time, with no heap copy of the decoded side. Decoding accepts padded and unpadded input and nothing else (no
 * whitespace, no URL alphabet); error messages give offsets, never content.
 */
final class Base64Codec {
  private static final byte[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(StandardCharsets.US_ASCII);
  private static final int[] VALUES = new int[256];

  static {
    Arrays.fill(VALUES, -1);
    for (int i = 0; i < ALPHABET.length; i++) {
      VALUES[ALPHABET[i]] = i;
    }
  }

  private Base64Codec() {}

  /** The decoded length of {@code source[start, end)}, after checking the range, the length and the padding. */
  static int decodedLength(Buffer source, int start, int end) {
    if (start < 0 || end < start || end > source.length()) {
      throw new IllegalArgumentException("invalid base64 range [" + start + ", " + end + ") of a buffer of "
          + source.length() + " bytes");
    }
    int characters = end - start - padding(source, start, end);
    if (characters % 4 == 1) {
      throw new IllegalArgumentException("invalid base64: " + (end - start) + " characters is not a valid length");
    }
    return characters / 4 * 3 + Math.max(0, characters % 4 - 1);
  }

  private static int padding(Buffer source, int start, int end) {
    int length = end - start;
    if (length == 0 || length % 4 != 0) {
      return 0;
    }
    int padding = 0;
    while (padding < 2 && source.getByte(end - 1 - padding) == '=') {
      padding++;
    }
    return padding;
  }

  /** Decodes {@code source[start, end)} into {@code target}, which is exactly {@link #decodedLength} long. */
  static void decode(Buffer source, int start, int end, MemorySegment target) {
    int characters = end - start - padding(source, start, end);
    long out = 0;
    int bits = 0;
    int group = 0;
    for (int i = 0; i < characters; i++) {
      int value = VALUES[source.getByte(start + i) & 0xff];
      if (value < 0) {
        throw new IllegalArgumentException("invalid base64: unexpected character at offset " + i);
      }
      group = group << 6 | value;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        target.set(JAVA_BYTE, out++, (byte) (group >> bits));
        group &= (1 << bits) - 1;
      }
    }
  }

  /** Appends the padded base64 of {@code source} to {@code target}, growing {@code target} once before writing. */
  static void encode(MemorySegment source, Buffer target) {
    int length = (int) source.byteSize();
    int position = target.length();
    int encoded = (length + 2) / 3 * 4;
    if (encoded == 0) {
      return;
    }
    target.setByte(position + encoded - 1, (byte) '=');
    for (int i = 0; i < length; i += 3) {
      int remaining = Math.min(3, length - i);
      int group = (source.get(JAVA_BYTE, i) & 0xff) << 16;
      group |= remaining > 1 ? (source.get(JAVA_BYTE, i + 1) & 0xff) << 8 : 0;
      group |= remaining > 2 ? source.get(JAVA_BYTE, i + 2) & 0xff : 0;
      target.setByte(position++, ALPHABET[group >> 18 & 0x3f]);
      target.setByte(position++, ALPHABET[group >> 12 & 0x3f]);
      target.setByte(position++, remaining > 1 ? ALPHABET[group >> 6 & 0x3f] : (byte) '=');
      target.setByte(position++, remaining > 2 ? ALPHABET[group & 0x3f] : (byte) '=');
      group = 0;
    }
  }
}
