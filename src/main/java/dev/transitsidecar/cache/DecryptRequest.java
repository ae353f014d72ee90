package dev.transitsidecar.cache;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A decrypt request as the cache sees it: whether it may be answered from the cache, and the ciphertext versions it
 * asks to decrypt (for the seen-versions record). Only a single item whose fields are all strings among
 * {@code ciphertext}, {@code context} and {@code associated_data}, with a {@code vault:vN:} ciphertext, is
 * cacheable; a batch, any other field (a {@code nonce}, a {@code reference}, a {@code partial_failure_response_code})
 * or anything unexpected goes to Vault as it came.
 *
 * @param cacheable the entry's key and the ciphertext's version, when the request may use the cache
 * @param versions the versions of every {@code vault:vN:} ciphertext in the request, batch items included
 */
record DecryptRequest(Optional<Cacheable> cacheable, List<Integer> versions) {
  private static final Set<String> CACHEABLE_FIELDS = Set.of("ciphertext", "context", "associated_data");

  /**
   * @param body the request as it came (a copy; a ciphertext with its context and associated data, no secret), to
   *     fetch the entry again ahead of its TTL
   */
  record Cacheable(CacheKey key, String transitKey, int version, Buffer body) {}

  /** Reads a body that the proxy already checked is a JSON object (or empty). */
  static DecryptRequest parse(String mount, String transitKey, Buffer body) {
    if (body == null || body.length() == 0) {
      return new DecryptRequest(Optional.empty(), List.of());
    }
    JsonObject json = new JsonObject(body);
    return new DecryptRequest(cacheable(mount, transitKey, json, body), versions(json));
  }

  private static Optional<Cacheable> cacheable(String mount, String transitKey, JsonObject json, Buffer body) {
    boolean onlyStrings = CACHEABLE_FIELDS.containsAll(json.fieldNames())
        && json.getMap().values().stream().allMatch(String.class::isInstance);
    if (!onlyStrings || !(json.getValue("ciphertext") instanceof String ciphertext)) {
      return Optional.empty();
    }
    int version = version(ciphertext);
    if (version < 1) {
      return Optional.empty();
    }
    CacheKey key = CacheKey.of(mount, transitKey, ciphertext, Optional.ofNullable(json.getString("context")),
        Optional.ofNullable(json.getString("associated_data")));
    return Optional.of(new Cacheable(key, transitKey, version, body.copy()));
  }

  private static List<Integer> versions(JsonObject json) {
    List<Integer> versions = new ArrayList<>();
    addVersion(versions, json.getValue("ciphertext"));
    if (json.getValue("batch_input") instanceof JsonArray batch) {
      batch.forEach(item -> addVersion(versions, item instanceof JsonObject o ? o.getValue("ciphertext") : null));
    }
    return List.copyOf(versions);
  }

  private static void addVersion(List<Integer> versions, Object ciphertext) {
    if (ciphertext instanceof String text && version(text) > 0) {
      versions.add(version(text));
    }
  }

  /** N of a {@code vault:vN:...} ciphertext, or -1. */
  static int version(String ciphertext) {
    if (!ciphertext.startsWith("vault:v")) {
      return -1;
    }
    int end = ciphertext.indexOf(':', "vault:v".length());
    if (end < 0 || end - "vault:v".length() > 9) {
      return -1;
    }
    try {
      return Integer.parseInt(ciphertext, "vault:v".length(), end, 10);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
