package dev.transitsidecar.vault;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;

/**
 * A Vault token. It is a secret: {@link #toString()} never shows it, there is no {@code equals}/{@code hashCode}
 * (compare with {@link #sameAs}, in constant time), and the value leaves only through {@link #revealForHeader()},
 * a name that is easy to grep for. (Vault hands tokens out as JSON strings, so unlike key material they exist as
 * Java strings briefly; they never reach a log or a message.)
 */
public final class VaultToken {
  private final String value;

  private VaultToken(String value) {
    this.value = value;
  }

  /** Fails with a message that does not repeat the value when it is blank or has characters a header cannot carry. */
  public static VaultToken of(String value) {
    String trimmed = value == null ? "" : value.strip();
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("the token is empty");
    }
    if (!trimmed.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException("the token has characters that are not printable ASCII");
    }
    return new VaultToken(trimmed);
  }

  /** The value, for the {@code X-Vault-Token} header and nothing else. */
  public String revealForHeader() {
    return value;
  }

  /** Constant-time comparison. */
  public boolean sameAs(VaultToken other) {
    return other != null && MessageDigest.isEqual(value.getBytes(StandardCharsets.US_ASCII),
        other.value.getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public String toString() {
    return "VaultToken[redacted]";
  }
}
