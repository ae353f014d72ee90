package dev.transitsidecar.auth;

import dev.transitsidecar.vault.VaultToken;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * What the auth package knows right now, for readers on any thread: the session (the token to send), readiness,
 * status and metrics. Written only by the lifetime watcher on its context; every field is volatile and replaced
 * whole. Never exposes the token except through {@link #held()} to this package.
 */
final class AuthState {
  private final String method;
  private final Clock clock;
  private volatile Held held;
  private volatile VaultToken lastToken;
  private volatile String reason = "not logged in to Vault yet";
  private volatile Instant lastLogin;
  private volatile Instant lastRenewal;
  private volatile String lastError;

  AuthState(String method, Clock clock) {
    this.method = method;
    this.clock = clock;
  }

  Optional<Held> held() {
    return Optional.ofNullable(held);
  }

  boolean authenticated() {
    return held != null;
  }

  /** Why no token is held; empty while one is. */
  Optional<String> notAuthenticatedReason() {
    return held == null ? Optional.of(reason) : Optional.empty();
  }

  /** The token adopted last, even if it has since expired or been refused. */
  Optional<VaultToken> lastToken() {
    return Optional.ofNullable(lastToken);
  }

  void loggedIn(Held token) {
    held = token;
    lastToken = token.token();
    lastLogin = clock.instant();
    lastError = null;
  }

  void renewed(Held token) {
    held = token;
    lastRenewal = clock.instant();
    lastError = null;
  }

  /** Something went wrong; the token (if any) is kept. */
  void failed(String error) {
    lastError = error;
    reason = error;
  }

  /** The token is gone (expired, refused); {@code why} becomes the not-ready reason. */
  void lost(String why) {
    held = null;
    reason = why;
    lastError = why;
  }

  long ttlSeconds() {
    Held h = held;
    return h == null ? 0 : h.remaining(clock).toSeconds();
  }

  /** The {@code auth} section of {@code /sidecar/v1/status}; never the token. */
  JsonObject status() {
    Held h = held;
    return new JsonObject()
        .put("method", method)
        .put("authenticated", h != null)
        .put("ttl_seconds", ttlSeconds())
        .put("renewable", h != null && h.lease().renewable())
        .put("expire_time", h == null ? null : h.expiresAt().map(Instant::toString).orElse(null))
        .put("last_login", lastLogin == null ? null : lastLogin.toString())
        .put("last_renewal", lastRenewal == null ? null : lastRenewal.toString())
        .put("last_error", lastError);
  }
}
