package dev.transitsidecar.auth;

import dev.transitsidecar.config.AuthConfig;
import dev.transitsidecar.http.ReadinessCheck;
import dev.transitsidecar.http.StatusContributor;
import dev.transitsidecar.time.Scheduler;
import dev.transitsidecar.vault.VaultClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The sidecar's Vault identity: obtains a token by the configured method ({@code token}, {@code kubernetes},
 * {@code approle}), keeps it valid (renewal, re-login, token file watch) and offers it as a {@link VaultSession}.
 * Readiness holds while a valid token is held; the status section {@code auth} and the metrics
 * {@code transit_sidecar_token_ttl_seconds}, {@code transit_sidecar_authenticated},
 * {@code transit_sidecar_token_renewals_total{result}}, {@code transit_sidecar_logins_total{method,result}} show the
 * rest. No token, JWT or secret id ever reaches a log line, a message or the status.
 */
public final class Auth {
  private final AuthState state;
  private final AuthSession session;
  private final Lifecycle lifecycle;
  private final Optional<TokenFileWatch> watch;
  private final AuthMetrics metrics;
  private Future<Void> firstLogin = Future.succeededFuture();

  private Auth(AuthState state, AuthSession session, Lifecycle lifecycle, Optional<TokenFileWatch> watch,
      AuthMetrics metrics) {
    this.state = state;
    this.session = session;
    this.lifecycle = lifecycle;
    this.watch = watch;
    this.metrics = metrics;
  }

  /** {@link #start(Vertx, AuthConfig, Map, VaultClient, MeterRegistry, Clock, Scheduler, RandomGenerator)} with
   * a default random generator for the renewal jitter. */
  public static Future<Auth> start(Vertx vertx, AuthConfig config, Map<String, String> env, VaultClient client,
      MeterRegistry registry, Clock clock, Scheduler scheduler) {
    return start(vertx, config, env, client, registry, clock, scheduler, RandomGenerator.getDefault());
  }

  /**
   * Checks the local inputs, then starts the first login (or token lookup) in the background: the future completes
   * once the inputs are readable, without waiting for Vault. Fails only with {@link AuthStartupException}. Timers,
   * Vault calls and state changes run on the caller's Vert.x context (a new one when called off Vert.x).
   *
   * @param env the process environment ({@code VAULT_TOKEN} is read from it for the token method)
   * @param random the source of renewal jitter
   */
  public static Future<Auth> start(Vertx vertx, AuthConfig config, Map<String, String> env, VaultClient client,
      MeterRegistry registry, Clock clock, Scheduler scheduler, RandomGenerator random) {
    Context context = vertx.getOrCreateContext();
    TokenCalls calls = new TokenCalls(client);
    return Logins.create(vertx, config, env, calls)
        .compose(login -> login.check().map(login))
        .recover(failure -> Future.failedFuture(startupFailure(failure)))
        .map(login -> assemble(context, login, calls, client, registry, new Timers(clock, scheduler, random)))
        .compose(Auth::begin);
  }

  private static Auth assemble(Context context, Login login, TokenCalls calls, VaultClient client,
      MeterRegistry registry, Timers timers) {
    AuthState state = new AuthState(login.method(), timers.clock());
    AuthMetrics metrics = new AuthMetrics(registry, login.method(), state);
    Lifecycle lifecycle = new Lifecycle(new Agenda(context, timers.scheduler()), login, calls, state, metrics, timers);
    AuthSession session = new AuthSession(client, state, new TokenRecovery(lifecycle, calls, state));
    Optional<TokenFileWatch> watch = login instanceof TokenFileLogin file
        ? Optional.of(new TokenFileWatch(lifecycle, file, state))
        : Optional.empty();
    return new Auth(state, session, lifecycle, watch, metrics);
  }

  private Future<Auth> begin() {
    firstLogin = lifecycle.start();
    return watch.map(TokenFileWatch::start).orElse(Future.succeededFuture())
        .map(this);
  }

  private static AuthStartupException startupFailure(Throwable failure) {
    return failure instanceof LocalProblem
        ? new AuthStartupException(failure.getMessage())
        : new AuthStartupException("auth: " + VaultErrors.describe(failure));
  }

  /** For tests in this package: the state, including the token held. */
  AuthState state() {
    return state;
  }

  /**
   * Completes, never failing, once the first login (or token check) has succeeded or failed, so that what needs a
   * token first (the master key's unwrap) does not start before there can be one.
   */
  public Future<Void> firstLogin() {
    return firstLogin;
  }

  /** Vault with the sidecar's token; safe to use from any context. */
  public VaultSession session() {
    return session;
  }

  /** Ready while a valid token is held; otherwise the reason (the last failure, or what is being waited for). */
  public ReadinessCheck readiness() {
    return () -> state.notAuthenticatedReason().map(reason -> "vault token: " + reason);
  }

  /**
   * The {@code auth} status section: {@code method}, {@code authenticated}, {@code ttl_seconds} (0 when none is held
   * or it never expires), {@code renewable}, {@code expire_time}, {@code last_login}, {@code last_renewal},
   * {@code last_error} (null when none since the last success).
   */
  public StatusContributor status() {
    return new StatusContributor() {
      @Override
      public String section() {
        return "auth";
      }

      @Override
      public JsonObject status() {
        return state.status();
      }
    };
  }

  /** Stops renewing and watching, and removes the metrics. The token is left to expire (it is not revoked). */
  public Future<Void> close() {
    return watch.map(TokenFileWatch::close).orElse(Future.succeededFuture())
        .compose(v -> lifecycle.close())
        .andThen(done -> metrics.close());
  }
}
