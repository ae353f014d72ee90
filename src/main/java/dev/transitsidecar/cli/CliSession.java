package dev.transitsidecar.cli;

import dev.transitsidecar.auth.Auth;
import dev.transitsidecar.auth.VaultSession;
import dev.transitsidecar.config.SidecarConfig;
import dev.transitsidecar.time.VertxScheduler;
import dev.transitsidecar.vault.VaultClient;
import dev.transitsidecar.vault.VaultRequest;
import dev.transitsidecar.vault.VaultResponse;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * A command's Vault session with the configured auth, started when the command first talks to Vault and awaited on
 * the CLI's thread (never an event loop), bounded by the Vault client's own limits. Failing to log in is a one-line
 * {@link VaultLoginException}.
 */
final class CliSession implements VaultSession, AutoCloseable {
  private final Vertx vertx;
  private final SidecarConfig config;
  private final Map<String, String> env;
  private Auth auth;

  CliSession(Vertx vertx, SidecarConfig config, Map<String, String> env) {
    this.vertx = vertx;
    this.config = config;
    this.env = env;
  }

  @Override
  public Future<VaultResponse> send(VaultRequest request) {
    return session().send(request);
  }

  @Override
  public Future<JsonObject> call(String operation, VaultRequest request) {
    return session().call(operation, request);
  }

  /** Logs in now (on the CLI's thread), so that later requests, from any thread, find the session ready. */
  void login() {
    session();
  }

  private synchronized VaultSession session() {
    if (auth == null) {
      VaultClient client = VaultClient.create(vertx, config.vault());
      auth = Auth.start(vertx, config.auth(), env, client, new SimpleMeterRegistry(), Clock.systemUTC(),
          VertxScheduler.of(vertx)).await();
      awaitLogin();
    }
    return auth.session();
  }

  /** The first login runs in the background; the CLI waits for it. */
  private void awaitLogin() {
    Duration limit = config.vault().timeout().multipliedBy(config.vault().retries() + 1L).plusSeconds(5);
    long deadline = System.nanoTime() + limit.toNanos();
    Optional<String> reason = auth.readiness().notReadyReason();
    while (reason.isPresent() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
      reason = auth.readiness().notReadyReason();
    }
    if (reason.isPresent()) {
      throw new VaultLoginException("cannot authenticate to Vault at " + config.vault().address() + ": "
          + reason.get());
    }
  }

  @Override
  public synchronized void close() {
    if (auth != null) {
      auth.close().await();
    }
  }

  /** The command could not log in to Vault. */
  static final class VaultLoginException extends RuntimeException {
    VaultLoginException(String message) {
      super(message, null, false, false);
    }
  }
}
