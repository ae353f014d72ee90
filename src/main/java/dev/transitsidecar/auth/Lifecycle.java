package dev.transitsidecar.auth;

import dev.transitsidecar.time.Cancellable;
import dev.transitsidecar.vault.VaultRejected;
import dev.transitsidecar.vault.VaultToken;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifetime watcher: obtains a token, renews it before it lapses, logs in again when renewals can no longer
 * extend it, and retries failures with backoff (timing in {@link Timing}). All of its state lives on one Vert.x
 * context; scheduled tasks and calls from other threads hop onto it. Readers elsewhere see {@link AuthState}.
 */
final class Lifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);

  private final Agenda agenda;
  private final Login login;
  private final TokenCalls calls;
  private final AuthState state;
  private final AuthMetrics metrics;
  private final Timers timers;

  private Cancellable expiry = () -> { };
  private Duration grace = Duration.ZERO;
  private Duration granted = Duration.ZERO;
  private int failures;

  Lifecycle(Agenda agenda, Login login, TokenCalls calls, AuthState state, AuthMetrics metrics, Timers timers) {
    this.agenda = agenda;
    this.login = login;
    this.calls = calls;
    this.state = state;
    this.metrics = metrics;
    this.timers = timers;
  }

  Login login() {
    return login;
  }

  Agenda agenda() {
    return agenda;
  }

  /** The first attempt; later ones follow by themselves. The future completes when it succeeded or failed. */
  Future<Void> start() {
    return agenda.onContext(this::acquire);
  }

  Future<Void> close() {
    return agenda.onContext(() -> {
      agenda.close();
      expiry.cancel();
      return Future.succeededFuture();
    });
  }

  /** Logs in (or reads the token) and checks the token with {@code lookup-self}; retries with backoff on failure. */
  private Future<Void> acquire() {
    agenda.cancelNext();
    return login.obtain()
        .compose(this::check)
        .onSuccess(this::adopt)
        .onFailure(this::loginFailed)
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }

  /** {@code lookup-self}: is this token valid, and for how long. */
  Future<Held> check(VaultToken token) {
    return calls.lookupSelf(token)
        .map(lease -> new Held(token, timers.clock().instant(), lease));
  }

  /** Makes {@code held} the token in use and plans its renewal. On the context. */
  void adopt(Held held) {
    if (agenda.closed()) {
      return;
    }
    granted = held.lease().ttl();
    grace = Timing.grace(granted, timers.random());
    failures = 0;
    LOG.info("authenticated to Vault ({}): the token {}", login.method(), lifetime(held.lease()));
    watchExpiry(held);
    plan(held);
    state.loggedIn(held);
    metrics.login(true);
  }

  private void loginFailed(Throwable failure) {
    if (agenda.closed()) {
      return;
    }
    String message = failureMessage(failure);
    state.failed(message);
    failures++;
    Duration wait = Timing.backoff(failures);
    LOG.warn("{}; trying again in {}", message, Timing.human(wait));
    agenda.next(wait, this::acquire);
    metrics.login(false);
  }

  String failureMessage(Throwable failure) {
    return failure instanceof LocalProblem ? failure.getMessage() : login.describe() + " " + VaultErrors.describe(failure);
  }

  private void plan(Held held) {
    if (!held.lease().expires()) {
      return;
    }
    Duration left = held.remaining(timers.clock());
    boolean capped = Timing.capped(left, grace);
    if (held.lease().renewable() && !capped) {
      agenda.next(Timing.untilRenewal(left, grace), this::renew);
      return;
    }
    lastStretch(held, capped ? "its TTL is capped by its max TTL" : "it is not renewable", capped);
  }

  /** Renewing cannot extend the token: log in again in time, or (token method) say that a new token is needed. */
  private void lastStretch(Held held, String why, boolean now) {
    Duration left = held.remaining(timers.clock());
    if (login.issuesTokens()) {
      Duration wait = now ? Duration.ZERO : Timing.untilRenewal(left, grace);
      LOG.info("the token cannot be extended ({}, {} left): logging in again in {}", why, Timing.human(left),
          Timing.human(wait));
      agenda.next(wait, this::acquire);
      return;
    }
    agenda.cancelNext();
    LOG.warn("the token cannot be extended ({}) and expires at {} ({} left): write a new token to {} before then",
        why, held.expiresAt().map(Instant::toString).orElse("?"), Timing.human(left), tokenFile());
  }

  private void renew() {
    Optional<Held> current = state.held();
    if (current.isEmpty()) {
      return;
    }
    Held held = current.get();
    calls.renewSelf(held.token())
        .onSuccess(lease -> renewed(held, lease))
        .onFailure(failure -> renewFailed(held, failure));
  }

  private void renewed(Held before, Lease lease) {
    if (agenda.closed() || !isCurrent(before)) {
      return;
    }
    Held held = before.renewed(timers.clock().instant(), lease);
    if (lease.ttl().compareTo(granted) > 0) {
      grace = Timing.grace(lease.ttl(), timers.random());
    }
    granted = lease.ttl();
    failures = 0;
    LOG.info("token renewed: it {}", lifetime(lease));
    watchExpiry(held);
    plan(held);
    state.renewed(held);
    metrics.renewal(true);
  }

  private void renewFailed(Held held, Throwable failure) {
    if (agenda.closed() || !isCurrent(held)) {
      return;
    }
    metrics.renewal(false);
    if (failure instanceof VaultRejected r && VaultErrors.deniesToken(r.status(), r.errors())) {
      LOG.warn("token renewal refused ({}): the token is no longer valid", VaultErrors.summary(r.errors()));
      reauthenticate(held.token());
    } else if (failure instanceof VaultRejected r && r.status() == 400) {
      lastStretch(held, "renewal refused: " + VaultErrors.summary(r.errors()), true);
    } else {
      failures++;
      Duration left = held.remaining(timers.clock());
      Duration wait = Timing.backoffWithin(failures, left);
      String message = "token renewal " + VaultErrors.describe(failure);
      state.failed(message);
      LOG.warn("{}; trying again in {} (the token has {} left)", message, Timing.human(wait), Timing.human(left));
      agenda.next(wait, this::renew);
    }
  }

  /**
   * Vault refused {@code stale}: log in again at once (token method: read the file again). Completes with the new
   * token, or empty when none could be had (the failure is recorded, retried with backoff, and the refused token is
   * dropped). On the context.
   */
  Future<Optional<VaultToken>> reauthenticate(VaultToken stale) {
    agenda.cancelNext();
    LOG.warn("Vault refused the token: {}", login.issuesTokens() ? "logging in again" : "reading the token file again");
    return login.obtain()
        .compose(token -> token.sameAs(stale) ? Future.failedFuture(new Unchanged()) : check(token))
        .onSuccess(this::adopt)
        .onFailure(failure -> reauthenticationFailed(stale, failure))
        .map(held -> Optional.of(held.token()))
        .otherwise(Optional.empty());
  }

  private void reauthenticationFailed(VaultToken stale, Throwable failure) {
    state.held().filter(h -> h.token().sameAs(stale)).ifPresent(h -> drop(h, "Vault refused the token"));
    if (failure instanceof Unchanged) {
      String message = "the token from " + tokenFile() + " was refused by Vault and the file has not changed: "
          + "write a new token to it";
      state.lost(message);
      LOG.warn(message);
      metrics.login(false);
      return;
    }
    loginFailed(failure);
  }

  private void watchExpiry(Held held) {
    expiry.cancel();
    expiry = held.expiresAt()
        .map(at -> agenda.schedule(Duration.between(timers.clock().instant(), at), () -> expired(held)))
        .orElse(() -> { });
  }

  private void expired(Held held) {
    if (!isCurrent(held)) {
      return;
    }
    String why = "the Vault token expired at " + held.expiresAt().map(Instant::toString).orElse("?");
    drop(held, why);
    if (login.issuesTokens()) {
      LOG.warn("{}: logging in again", why);
      acquire();
    } else {
      LOG.warn("{}: write a new token to {}", why, tokenFile());
    }
  }

  private void drop(Held held, String why) {
    expiry.cancel();
    state.lost(why);
  }

  private boolean isCurrent(Held held) {
    return state.held().filter(h -> h == held).isPresent();
  }

  private String tokenFile() {
    return login instanceof TokenFileLogin file ? file.file().toString() : "the token file";
  }

  private static String lifetime(Lease lease) {
    return !lease.expires() ? "never expires" : "is valid for " + Timing.human(lease.ttl())
        + (lease.renewable() ? " (renewable)" : " (not renewable)");
  }

  /** The token method found the same token in the file that Vault just refused. */
  static final class Unchanged extends RuntimeException {
    Unchanged() {
      super("the token file has not changed", null, false, false);
    }
  }
}
