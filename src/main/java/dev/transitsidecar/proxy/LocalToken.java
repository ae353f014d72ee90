package dev.transitsidecar.proxy;

import dev.transitsidecar.vault.VaultToken;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The synthetic, pod-local token that {@code auth/token/lookup-self}, {@code auth/token/renew-self} and the
 * Kubernetes login answer with, so that a client that manages its own token keeps working. Its id is the
 * configured client token, or {@value #PLACEHOLDER}; it is renewable with a TTL of {@link #TTL} that counts down
 * from the last renewal or login (never below zero) and that renew resets. The real Vault token never appears.
 * Thread-safe.
 */
final class LocalToken {
  static final String PLACEHOLDER = "transit-sidecar-local";
  static final String POLICY = "transit-sidecar";
  static final Duration TTL = Duration.ofHours(768);

  private final Optional<VaultToken> clientToken;
  private final Clock clock;
  private final Instant created;
  private final AtomicReference<Instant> renewed;

  LocalToken(Optional<VaultToken> clientToken, Clock clock) {
    this.clientToken = clientToken;
    this.clock = clock;
    this.created = clock.instant();
    this.renewed = new AtomicReference<>(created);
  }

  /** The body of {@code GET auth/token/lookup-self}. */
  JsonObject lookupSelf() {
    Instant renewedAt = renewed.get();
    JsonObject data = new JsonObject()
        .put("accessor", PLACEHOLDER)
        .put("creation_time", created.getEpochSecond())
        .put("creation_ttl", TTL.toSeconds())
        .put("display_name", "transit-sidecar")
        .put("entity_id", "")
        .put("expire_time", renewedAt.plus(TTL).toString())
        .put("explicit_max_ttl", 0)
        .put("id", id())
        .put("issue_time", created.toString())
        .put("last_renewal_time", renewedAt.getEpochSecond())
        .put("meta", null)
        .put("num_uses", 0)
        .put("orphan", true)
        .put("path", "auth/token/create")
        .put("policies", policies())
        .put("renewable", true)
        .put("ttl", remaining(renewedAt))
        .put("type", "service");
    return envelope(data, null);
  }

  /** The body of {@code POST auth/token/renew-self}: the TTL starts again. */
  JsonObject renewSelf() {
    renewed.set(clock.instant());
    return envelope(null, auth(null));
  }

  /** The body of a Kubernetes login: an {@code auth} block with the pod-local token; the TTL starts again. */
  JsonObject login(String role) {
    renewed.set(clock.instant());
    return envelope(null, auth(new JsonObject().put("role", role)));
  }

  private JsonObject auth(JsonObject metadata) {
    return new JsonObject()
        .put("client_token", id())
        .put("accessor", PLACEHOLDER)
        .put("policies", policies())
        .put("token_policies", policies())
        .put("metadata", metadata)
        .put("lease_duration", TTL.toSeconds())
        .put("renewable", true)
        .put("entity_id", "")
        .put("token_type", "service")
        .put("orphan", true)
        .put("num_uses", 0);
  }

  private long remaining(Instant renewedAt) {
    return Math.max(0, Duration.between(clock.instant(), renewedAt.plus(TTL)).toSeconds());
  }

  /** The client's own pod-local token (the client presented it), never the sidecar's Vault token. */
  private String id() {
    return clientToken.map(VaultToken::revealForHeader).orElse(PLACEHOLDER);
  }

  private static JsonArray policies() {
    return new JsonArray().add(POLICY);
  }

  /** Vault's success envelope around {@code data} or {@code auth}. */
  static JsonObject envelope(JsonObject data, JsonObject auth) {
    return new JsonObject()
        .put("request_id", UUID.randomUUID().toString())
        .put("lease_id", "")
        .put("renewable", false)
        .put("lease_duration", 0)
        .put("data", data)
        .put("wrap_info", null)
        .put("warnings", null)
        .put("auth", auth);
  }
}
