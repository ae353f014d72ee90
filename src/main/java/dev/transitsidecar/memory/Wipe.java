package dev.transitsidecar.memory;

import io.vertx.core.buffer.Buffer;
import java.util.Arrays;

/** Overwrites transient copies of secrets with zeros: response buffers and {@link SecretBytes#exposeCopy()} arrays. */
public final class Wipe {
  private Wipe() {}

  /** Zeros every byte of {@code buffer} in place (its length is unchanged). */
  public static void buffer(Buffer buffer) {
    buffer.setBytes(0, new byte[buffer.length()]);
  }

  /** Zeros {@code bytes}; null is ignored, so it fits a {@code finally} whose copy may not have been made. */
  public static void array(byte[] bytes) {
    if (bytes != null) {
      Arrays.fill(bytes, (byte) 0);
    }
  }
}
