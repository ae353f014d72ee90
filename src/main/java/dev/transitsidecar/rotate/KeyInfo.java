package dev.transitsidecar.rotate;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a rotation needs of {@code GET {mount}/keys/{key}}: the version numbers and when each live version was made.
 *
 * @param created creation time of each version at or above {@code min_decryption_version} (Vault's {@code keys} map)
 */
record KeyInfo(int latestVersion, int minDecryptionVersion, Map<Integer, Instant> created) {
  KeyInfo {
    created = Map.copyOf(created);
  }

  /** Reads Vault's answer; a field that is missing or of the wrong type fails with a {@link RotationException}. */
  static KeyInfo parse(JsonObject answer) {
    try {
      JsonObject data = answer.getJsonObject("data");
      Map<Integer, Instant> created = new TreeMap<>();
      data.getJsonObject("keys").forEach(e -> created.put(Integer.parseInt(e.getKey()),
          Instant.ofEpochSecond(((Number) e.getValue()).longValue())));
      return new KeyInfo(data.getInteger("latest_version"), data.getInteger("min_decryption_version"), created);
    } catch (RuntimeException e) {
      throw new RotationException("vault answered the key read without latest_version, min_decryption_version or "
          + "keys (only symmetric keys with a creation time per version can be rotated here)");
    }
  }

  /** When the newest version was made: the start of the next rotation interval. */
  Instant newest() {
    Instant at = created.get(latestVersion);
    if (at == null) {
      throw new RotationException("vault answered the key read without the creation time of version " + latestVersion);
    }
    return at;
  }
}
