package dev.transitsidecar.vault;

import dev.transitsidecar.config.VaultConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one way out to Vault: every call of the process goes through {@link #send}. It sets {@code X-Vault-Token},
 * {@code X-Vault-Namespace} and {@code X-Vault-Request}, bounds each attempt by {@code vault.timeout}, retries
 * retryable requests ({@code vault.retries} times, exponential backoff with full jitter) on connection errors,
 * timeouts and 500/502/503/504, and turns failures into {@link VaultException}s whose messages never carry a
 * body. With {@code vault.tls.serverName} it connects to the address but verifies (and sends SNI for) that name.
 * Response bodies are collected by {@link WipingBodyCodec}: one buffer of exactly the body's size, every chunk zeroed.
 * Every attempt goes through the {@link VaultCircuit}: while it is open, requests fail at once without being sent and
 * are not retried; only {@link #probe} goes around it.
 */
public final class VaultClient {
  private static final long BACKOFF_BASE_MS = 100;
  private static final long BACKOFF_MAX_MS = 2_000;

  private final Vertx vertx;
  private final WebClient web;
  private final VaultConfig config;
  private final String address;
  /** The circuit's health check: as {@code VaultHealthProbe}'s, a standby counts as answering. */
  private static final VaultRequest HEALTH = VaultRequest.probe("/v1/sys/health?standbyok=true&perfstandbyok=true");
  private final VaultCircuit circuit;
  private CircuitMetrics metrics;

  private VaultClient(Vertx vertx, WebClient web, VaultConfig config, VaultCircuit.Settings circuit) {
    this.vertx = vertx;
    this.web = web;
    this.config = config;
    this.address = config.address().toString();
    this.circuit = new VaultCircuit(vertx, address, circuit, () -> probe(HEALTH));
  }

  /** Vault's address as configured (not a secret; for logs and status). */
  public String address() {
    return address;
  }

  public static VaultClient create(Vertx vertx, VaultConfig config) {
    return create(vertx, config, VaultCircuit.Settings.of(config));
  }

  static VaultClient create(Vertx vertx, VaultConfig config, VaultCircuit.Settings circuit) {
    return new VaultClient(vertx, VaultWebClients.create(vertx, config), config, circuit);
  }

  /**
   * Sends the request and answers whatever Vault answered, error statuses included (for pass-through). Fails only
   * with {@link VaultUnavailable}, when no answer came after the allowed attempts.
   */
  public Future<VaultResponse> send(VaultRequest request, Optional<VaultToken> token) {
    return attempt(request, token, 0);
  }

  /**
   * Sends the request and expects a 2xx answer with Vault's JSON envelope (an empty object for 204). Fails with
   * {@link VaultRejected} carrying Vault's {@code errors}, or {@link VaultUnavailable}.
   */
  public Future<JsonObject> call(String operation, VaultRequest request, Optional<VaultToken> token) {
    return send(request, token).map(response -> envelope(operation, response));
  }

  /**
   * Sends the request once, around the circuit breaker (a periodic health probe must see Vault's own state, and one
   * probe every few seconds is no load). Answers what Vault answered; fails only with {@link VaultUnavailable}.
   */
  public Future<VaultResponse> probe(VaultRequest request) {
    return exchange(request, Optional.empty());
  }

  /** The circuit breaker's state: {@code closed}, {@code open} or {@code half_open}. */
  public String circuitState() {
    return circuit.state();
  }

  /**
   * Registers {@code transit_sidecar_vault_circuit_state} (0 closed, 1 half-open, 2 open),
   * {@code transit_sidecar_vault_circuit_opened_total} and {@code transit_sidecar_vault_attempts_total{result}}
   * ({@code answered}, {@code no_answer}, {@code not_sent}). Once; {@link #close()} removes them.
   */
  public synchronized void bindTo(MeterRegistry registry) {
    if (metrics == null) {
      metrics = new CircuitMetrics(registry, circuit);
    }
  }

  /** Removes the metrics and stops the breaker; requests still in flight complete. */
  public synchronized void close() {
    if (metrics != null) {
      metrics.close();
      metrics = null;
    }
    circuit.close();
  }

  private Future<VaultResponse> attempt(VaultRequest request, Optional<VaultToken> token, int attempt) {
    return once(request, token).transform(result -> {
      boolean again = request.retryable() && attempt < config.retries() && !circuit.isOpen() && retryable(
          result.succeeded() ? result.result().status() : -1);
      if (!again) {
        return result.failed() ? Future.failedFuture(result.cause()) : Future.succeededFuture(result.result());
      }
      return vertx.timer(backoff(attempt), TimeUnit.MILLISECONDS).compose(v -> attempt(request, token, attempt + 1));
    });
  }

  private Future<VaultResponse> once(VaultRequest request, Optional<VaultToken> token) {
    return circuit.send(() -> exchange(request, token));
  }

  private Future<VaultResponse> exchange(VaultRequest request, Optional<VaultToken> token) {
    HttpRequest<Buffer> http = web.request(request.method(), requestOptions(request.uri()))
        .as(WipingBodyCodec.INSTANCE);
    token.ifPresent(t -> http.putHeader("X-Vault-Token", t.revealForHeader()));
    config.namespace().ifPresent(ns -> http.putHeader("X-Vault-Namespace", ns));
    http.putHeader("X-Vault-Request", "true");
    Future<HttpResponse<Buffer>> sent = request.body() == null ? http.send() : http.sendBuffer(request.body());
    return sent
        .timeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS)
        .<VaultResponse>map(r -> new VaultResponse(r.statusCode(), r.getHeader("Content-Type"),
            r.body() == null ? Buffer.buffer() : r.body()))
        .recover(e -> Future.failedFuture(e instanceof TimeoutException
            ? VaultUnavailable.timedOut(address, config.timeout().toMillis())
            : VaultUnavailable.unreachable(address, e)));
  }

  private RequestOptions requestOptions(String uri) {
    URI base = config.address();
    boolean https = "https".equalsIgnoreCase(base.getScheme());
    int port = base.getPort() != -1 ? base.getPort() : (https ? 443 : 80);
    RequestOptions options = new RequestOptions().setSsl(https).setPort(port).setURI(uri)
        .setIdleTimeout(config.timeout().toMillis());
    config.tls().serverName().ifPresentOrElse(
        name -> options.setHost(name).setServer(SocketAddress.inetSocketAddress(port, base.getHost())),
        () -> options.setHost(base.getHost()));
    return options;
  }

  private static boolean retryable(int status) {
    return status == -1 || status == 500 || status == 502 || status == 503 || status == 504;
  }

  /**
   * The longest a request through this client can take: every attempt ({@code vault.retries} + 1) waiting its full
   * {@code vault.timeout}, and the longest backoff before each retry. Bounds how long shutdown waits for requests in
   * flight.
   */
  public static Duration longestRequest(VaultConfig config) {
    long backoffs = 0;
    for (int attempt = 0; attempt < config.retries(); attempt++) {
      backoffs += ceiling(attempt);
    }
    return config.timeout().multipliedBy(config.retries() + 1L).plusMillis(backoffs);
  }

  private static long ceiling(int attempt) {
    return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS << attempt);
  }

  private static long backoff(int attempt) {
    return 1 + ThreadLocalRandom.current().nextLong(ceiling(attempt));
  }

  static JsonObject envelope(String operation, VaultResponse response) {
    if (response.ok()) {
      return response.status() == 204 || response.body().length() == 0 ? new JsonObject() : json(operation, response);
    }
    throw new VaultRejected(operation, response.status(), response.errors());
  }

  private static JsonObject json(String operation, VaultResponse response) {
    try {
      return new JsonObject(response.body());
    } catch (DecodeException | ClassCastException e) {
      throw VaultUnavailable.malformed(operation);
    }
  }
}
