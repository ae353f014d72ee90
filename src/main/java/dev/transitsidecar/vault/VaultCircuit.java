package dev.transitsidecar.vault;

import dev.transitsidecar.config.VaultConfig;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The circuit breaker (vertx-circuit-breaker) around every request the {@link VaultClient} sends, so that a Vault that
 * is down is not hammered by every retry of every request, and callers learn at once that it is down.
 *
 * <p>A failure is no answer (the connection failed or broke, or nothing came within {@code vault.timeout}) or the
 * answer 502, 503 or 504: Vault sealed or a standby that cannot serve (503), or a load balancer in front of Vault that
 * finds none (502, 504). Each says Vault can serve no request at all. A 500 is not counted (it can be one request's own
 * failure); any other answer, 4xx included, is a success and resets the count.
 *
 * <p>{@link Settings#maxFailures()} failures in a row (within 10 s) open the circuit: requests then fail at once without
 * being sent, with what the last failure gave, so a client sees what it would have seen anyway: the same
 * {@link VaultUnavailable} (status and message, marked as not sent) or Vault's own 502/503/504 answer again (for a
 * sealed Vault, 503 {@code {"errors":["Vault is sealed"]}}). After {@link Settings#resetTimeout()} it half-opens: the
 * next request is sent, and its success closes the circuit, its failure opens it again. While it is not closed, a
 * health check ({@code sys/health}, around the breaker) is also sent every {@link Settings#healthCheckInterval()}
 * (at most {@value #MAX_CHECKS} in flight), and once it is half-open, the first check that Vault answers with anything
 * but 502/503/504 closes it: a half-open trial that went to a Vault still failing can take {@code vault.timeout} to
 * fail, and recovery should not wait for it (vertx-circuit-breaker only resets a half-open circuit). Thread-safe.
 */
final class VaultCircuit {
  private static final Logger LOG = LoggerFactory.getLogger(VaultCircuit.class);
  private static final int MAX_CHECKS = 4;

  /**
   * When the circuit opens and how soon it tries again.
   *
   * @param maxFailures failures in a row (within 10 s) that open the circuit
   * @param resetTimeout how long it stays open before one request may try Vault again
   * @param healthCheckInterval how often, while not closed, a health check may close it
   */
  record Settings(int maxFailures, Duration resetTimeout, Duration healthCheckInterval) {
    /**
     * Five failures; half-open after 500 ms, and a health check every 500 ms, so a Vault that answers again is used
     * again within a second.
     */
    static final Settings DEFAULT = new Settings(VaultConfig.DEFAULT_CIRCUIT_FAILURES,
        VaultConfig.DEFAULT_CIRCUIT_RESET_TIMEOUT, Duration.ofMillis(500));

    /** {@code vault.circuit.failures} and {@code vault.circuit.resetTimeout}; the health check every 500 ms. */
    static Settings of(VaultConfig config) {
      return new Settings(config.circuitFailures(), config.circuitResetTimeout(), DEFAULT.healthCheckInterval());
    }

    Settings {
      if (maxFailures < 1 || !resetTimeout.isPositive() || !healthCheckInterval.isPositive()) {
        throw new IllegalArgumentException("maxFailures >= 1, a positive resetTimeout and healthCheckInterval");
      }
    }
  }

  /** What the last failed request got; an open circuit answers the same. */
  private sealed interface Last {}

  private record NoAnswer(VaultUnavailable failure) implements Last {}

  /** Vault's 502/503/504: only its status and its {@code errors} (an error body carries no secret). */
  private record Answered(int status, List<String> errors) implements Last {}

  /** Carries a counted answer through the breaker, which sees only failed futures as failures. */
  private static final class CountedAnswer extends RuntimeException {
    private final transient VaultResponse response;

    CountedAnswer(VaultResponse response) {
      super("vault answered " + response.status(), null, false, false);
      this.response = response;
    }
  }

  private final CircuitBreaker breaker;
  private final Vertx vertx;
  private final Settings settings;
  private final Supplier<Future<VaultResponse>> healthCheck;
  private final AtomicInteger checksInFlight = new AtomicInteger();
  private long checkTimer = -1;
  private final String address;
  private final LongAdder answered = new LongAdder();
  private final LongAdder noAnswer = new LongAdder();
  private final LongAdder notSent = new LongAdder();
  private final LongAdder opened = new LongAdder();
  private volatile Last last;

  /** @param healthCheck sends {@code sys/health} around the breaker (see {@code VaultClient.probe}) */
  VaultCircuit(Vertx vertx, String address, Settings settings, Supplier<Future<VaultResponse>> healthCheck) {
    this.vertx = vertx;
    this.settings = settings;
    this.healthCheck = healthCheck;
    this.address = address;
    this.breaker = CircuitBreaker.create("vault", vertx, new CircuitBreakerOptions()
            .setMaxFailures(settings.maxFailures())
            .setResetTimeout(settings.resetTimeout().toMillis())
            .setTimeout(-1)
            .setMaxRetries(0)
            .setFallbackOnFailure(false))
        .openHandler(v -> opened())
        .closeHandler(v -> closed());
  }

  private void closed() {
    stopChecking();
    LOG.info("vault circuit closed: {} answers again", address);
  }

  private synchronized void startChecking() {
    if (checkTimer == -1) {
      checkTimer = vertx.setPeriodic(settings.healthCheckInterval().toMillis(), id -> check());
    }
  }

  private synchronized void stopChecking() {
    if (checkTimer != -1) {
      vertx.cancelTimer(checkTimer);
      checkTimer = -1;
    }
  }

  /** One health check, unless {@value #MAX_CHECKS} are in flight; an answer that does not count closes the circuit. */
  private void check() {
    if (checksInFlight.incrementAndGet() > MAX_CHECKS) {
      checksInFlight.decrementAndGet();
      return;
    }
    healthCheck.get()
        .andThen(done -> checksInFlight.decrementAndGet())
        .onSuccess(answer -> {
          if (!counts(answer.status()) && breaker.state() == CircuitBreakerState.HALF_OPEN) {
            breaker.reset();
          }
        });
  }

  /** Sends through the circuit: {@code exchange} runs unless the circuit is open. Fails as {@code exchange} fails. */
  Future<VaultResponse> send(Supplier<Future<VaultResponse>> exchange) {
    return breaker.<VaultResponse>execute(() -> exchange.get().transform(this::judge))
        .recover(this::unwrap);
  }

  /** One attempt, counted and remembered; a 502/503/504 answer becomes a failure for the breaker's sake. */
  private Future<VaultResponse> judge(AsyncResult<VaultResponse> result) {
    if (result.failed()) {
      noAnswer.increment();
      if (result.cause() instanceof VaultUnavailable unavailable) {
        last = new NoAnswer(unavailable);
      }
      return Future.failedFuture(result.cause());
    }
    answered.increment();
    VaultResponse response = result.result();
    if (!counts(response.status())) {
      return Future.succeededFuture(response);
    }
    last = new Answered(response.status(), response.errors());
    return Future.failedFuture(new CountedAnswer(response));
  }

  private Future<VaultResponse> unwrap(Throwable failure) {
    return switch (failure) {
      case CountedAnswer counted -> Future.succeededFuture(counted.response);
      case OpenCircuitException open -> failFast();
      default -> Future.failedFuture(failure);
    };
  }

  private Future<VaultResponse> failFast() {
    notSent.increment();
    return switch (last) {
      case Answered(int status, List<String> errors) -> Future.succeededFuture(replay(status, errors));
      case NoAnswer(VaultUnavailable failure) -> Future.failedFuture(failure.notSent());
      case null -> Future.failedFuture(VaultUnavailable.circuitOpen(address));
    };
  }

  private static VaultResponse replay(int status, List<String> errors) {
    List<String> shown = errors.isEmpty() ? List.of("vault answered " + status) : errors;
    Buffer body = new JsonObject().put("errors", new JsonArray(List.copyOf(shown))).toBuffer();
    return new VaultResponse(status, "application/json", body);
  }

  static boolean counts(int status) {
    return status == 502 || status == 503 || status == 504;
  }

  private void opened() {
    opened.increment();
    startChecking();
    Last now = last;
    String why = switch (now) {
      case Answered a -> "vault answered " + a.status();
      case NoAnswer n -> n.failure().getMessage();
      case null -> "opened";
    };
    LOG.warn("vault circuit open after repeated failures ({}): requests fail at once; trying again in the background",
        why);
  }

  /** {@code closed}, {@code open} or {@code half_open}. */
  String state() {
    return switch (breaker.state()) {
      case CLOSED -> "closed";
      case OPEN -> "open";
      case HALF_OPEN -> "half_open";
    };
  }

  /** True while requests are failed without being sent (not while half-open: then one may try). */
  boolean isOpen() {
    return breaker.state() == CircuitBreakerState.OPEN;
  }

  /** Counts since start: attempts that got an answer, that got none, and that the open circuit did not send. */
  Counts counts() {
    return new Counts(answered.sum(), noAnswer.sum(), notSent.sum(), opened.sum());
  }

  /**
   * The circuit's counters.
   *
   * @param answered attempts sent that got an HTTP answer (any status)
   * @param noAnswer attempts sent that got none (connection failed or broke, timeout)
   * @param notSent attempts failed at once by the open circuit
   * @param opened times the circuit opened
   */
  record Counts(long answered, long noAnswer, long notSent, long opened) {}

  void close() {
    stopChecking();
    breaker.close();
  }
}
