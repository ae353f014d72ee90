package dev.transitsidecar.auth;

import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * What Vault says of a token's lifetime: from {@code lookup-self} ({@code data.ttl}, {@code data.renewable}) or from
 * the {@code auth} block of a renewal ({@code lease_duration}, {@code renewable}).
 *
 * @param ttl the time left; zero for a token that never expires (a root token)
 * @param renewable whether {@code renew-self} can extend it
 */
record Lease(Duration ttl, boolean renewable) {
  boolean expires() {
    return ttl.isPositive();
  }

  static Lease fromLookup(JsonObject envelope) {
    JsonObject data = object(envelope, "data");
    return new Lease(Duration.ofSeconds(number(data, "ttl")), data.getBoolean("renewable", false));
  }

  static Lease fromAuth(JsonObject envelope) {
    JsonObject auth = object(envelope, "auth");
    return new Lease(Duration.ofSeconds(number(auth, "lease_duration")), auth.getBoolean("renewable", false));
  }

  static JsonObject object(JsonObject envelope, String field) {
    Object value = envelope.getValue(field);
    if (value instanceof JsonObject json) {
      return json;
    }
    throw new MalformedAnswer("Vault's answer has no " + field + " object");
  }

  private static long number(JsonObject json, String field) {
    return json.getValue(field) instanceof Number n ? Math.max(0, n.longValue()) : 0;
  }

  /** Vault answered 2xx with a body we cannot use. */
  static final class MalformedAnswer extends RuntimeException {
    MalformedAnswer(String safeMessage) {
      super(safeMessage, null, false, false);
    }
  }
}
