package dev.transitsidecar.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/**
 * The auth metrics, as Prometheus renders them: {@code transit_sidecar_token_ttl_seconds},
 * {@code transit_sidecar_authenticated} (0/1), {@code transit_sidecar_token_renewals_total{result}} and
 * {@code transit_sidecar_logins_total{method,result}}, with {@code result} {@code success} or {@code failure}.
 * For the token method a "login" is adopting a token from the file (or {@code VAULT_TOKEN}) after {@code lookup-self}.
 */
final class AuthMetrics {
  private final MeterRegistry registry;
  private final List<Meter> meters;
  private final Counter renewed;
  private final Counter renewFailed;
  private final Counter loggedIn;
  private final Counter loginFailed;

  AuthMetrics(MeterRegistry registry, String method, AuthState state) {
    this.registry = registry;
    Gauge ttl = Gauge.builder("transit.sidecar.token.ttl", state, AuthState::ttlSeconds)
        .baseUnit("seconds").description("Seconds the Vault token has left (0: none held, or it never expires)")
        .strongReference(true).register(registry);
    Gauge authenticated = Gauge.builder("transit.sidecar.authenticated", state, s -> s.authenticated() ? 1 : 0)
        .description("1 while the sidecar holds a valid Vault token").strongReference(true).register(registry);
    renewed = renewals(registry, "success");
    renewFailed = renewals(registry, "failure");
    loggedIn = logins(registry, method, "success");
    loginFailed = logins(registry, method, "failure");
    meters = List.of(ttl, authenticated, renewed, renewFailed, loggedIn, loginFailed);
  }

  private static Counter renewals(MeterRegistry registry, String result) {
    return Counter.builder("transit.sidecar.token.renewals").tag("result", result)
        .description("Token renewals (renew-self)").register(registry);
  }

  private static Counter logins(MeterRegistry registry, String method, String result) {
    return Counter.builder("transit.sidecar.logins").tag("method", method).tag("result", result)
        .description("Logins to Vault (token method: a token adopted from the file)").register(registry);
  }

  void renewal(boolean success) {
    (success ? renewed : renewFailed).increment();
  }

  void login(boolean success) {
    (success ? loggedIn : loginFailed).increment();
  }

  /** Removes this instance's meters, so a later one can register afresh. */
  void close() {
    meters.forEach(registry::remove);
  }
}
