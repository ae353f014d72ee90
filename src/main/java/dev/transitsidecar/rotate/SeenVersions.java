package dev.transitsidecar.rotate;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Where the interlock learns which ciphertext versions the proxy decrypted recently: the running sidecar's
 * {@code GET /sidecar/v1/status} for the {@code rotate} command ({@link SidecarStatus}), the decrypt cache itself
 * inside the sidecar. Never fails: a source that cannot answer says why in its {@link Report}.
 */
@FunctionalInterface
public interface SeenVersions {
  /** The versions of Transit key {@code key} on {@code mount} decrypted within {@code cache.ttl}. */
  Future<Report> of(String mount, String key);

  /**
   * @param where where the versions were seen, for messages
   * @param versions empty when the source did not answer
   * @param problem why it did not answer (empty when it did)
   */
  record Report(String where, Optional<Map<Integer, Instant>> versions, String problem) {
    public static Report answered(String where, Map<Integer, Instant> versions) {
      return new Report(where, Optional.of(Map.copyOf(versions)), "");
    }

    public static Report unanswered(String where, String problem) {
      return new Report(where, Optional.empty(), problem);
    }
  }
}
