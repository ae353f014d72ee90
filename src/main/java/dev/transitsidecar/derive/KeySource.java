package dev.transitsidecar.derive;

import dev.transitsidecar.memory.SecretBytes;
import io.vertx.core.Future;
import java.util.function.BiFunction;

/** Where derived keys come from: the sidecar's master key ({@code keystore.MasterKey}), or a fixed key in tests. */
public interface KeySource {
  /**
   * Runs {@code use} over the master key and its {@code key_id} (computed once per key, not per use) while the key is
   * held, and answers its result. {@code use} must be short and must keep neither the buffer nor a copy. Fails with a
   * 503 {@code SidecarException} when the key is not available.
   */
  <T> Future<T> use(BiFunction<SecretBytes, String, T> use);
}
