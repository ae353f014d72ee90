package dev.transitsidecar.devvault;

import java.util.Base64;

/**
 * The Transit ciphertext string (docs/vault-api.md section 2), byte by byte:
 * <pre>
 *   "vault:v" DECIMAL-VERSION ":" STD-BASE64-WITH-PADDING( nonce[12] || ciphertext[n] || tag[16] )
 * </pre>
 * Parsing follows {@code Policy.DecryptWithFactory}: strip the {@code vault:v} prefix, split once on
 * {@code :}, read the version with Go's {@code strconv.Atoi} (ASCII digits, optional sign, 64-bit), map
 * {@code v0} to 1 (legacy). Range checks against a key and base64 decoding happen later, in Vault's order.
 */
final class Ciphertexts {
  static final String PREFIX = "vault:v";

  private Ciphertexts() {}

  /** A split ciphertext: its version (possibly out of range for the key) and its still-encoded body. */
  record Parsed(long version, String encodedBody) {}

  static String format(int version, byte[] body) {
    return PREFIX + version + ":" + Base64.getEncoder().encodeToString(body);
  }

  /** Splits the string; throws the user errors {@code invalid ciphertext: ...} in Vault's order. */
  static Parsed parse(String value) {
    if (!value.startsWith(PREFIX)) {
      throw ItemFailure.user("invalid ciphertext: no prefix");
    }
    String rest = value.substring(PREFIX.length());
    int colon = rest.indexOf(':');
    if (colon < 0) {
      throw ItemFailure.user("invalid ciphertext: wrong number of fields");
    }
    Long version = goAtoi(rest.substring(0, colon));
    if (version == null) {
      throw ItemFailure.user("invalid ciphertext: version number could not be decoded");
    }
    return new Parsed(version == 0 ? 1 : version, rest.substring(colon + 1));
  }

  /** Go's {@code strconv.Atoi} on 64-bit: optional sign, ASCII decimal digits; null when invalid. */
  static Long goAtoi(String text) {
    int start = text.startsWith("+") || text.startsWith("-") ? 1 : 0;
    if (text.length() == start) {
      return null;
    }
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
