package dev.transitsidecar.keystore;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A rotation's note beside a keystore that has no writer's lock (the Secret): "I am rotating {@code key} from
 * version {@code fromVersion}, since {@code at}, as process {@code pid} on {@code host}". Written before the key is
 * rotated and cleared by the keystore's next write, so that a second rotation started meanwhile does not rotate the
 * key a second time.
 *
 * @param key the Transit key as {@code mount/key}
 */
public record WriterClaim(String key, int fromVersion, Instant at, String host, long pid) {
  /** The Secret annotation that holds it. */
  public static final String ANNOTATION = "transit-sidecar.dev/rotation-claim";

  public String encode() {
    return new JsonObject().put("key", key).put("from_version", fromVersion).put("at", at.toString())
        .put("host", host).put("pid", pid).encode();
  }

  /** The claim in {@code text}; empty when it is not one (a damaged note is no claim: the next write clears it). */
  public static Optional<WriterClaim> parse(String text) {
    try {
      JsonObject json = new JsonObject(text);
      return Optional.of(new WriterClaim(json.getString("key"), json.getInteger("from_version"),
          Instant.parse(json.getString("at")), json.getString("host"), json.getLong("pid")));
    } catch (DecodeException | ClassCastException | NullPointerException | DateTimeParseException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "process " + pid + " on " + host + " at " + at + " (rotating " + key + " from v" + fromVersion + ")";
  }
}
