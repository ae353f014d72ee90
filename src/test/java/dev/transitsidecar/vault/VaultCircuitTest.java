package dev.transitsidecar.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.transitsidecar.config.TlsConfig;
import dev.transitsidecar.config.VaultConfig;
import dev.transitsidecar.devvault.DevVault;
import dev.transitsidecar.devvault.DevVaultOptions;
import dev.transitsidecar.testing.Http;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The circuit breaker around the Vault client, against the embedded engine over real sockets: it opens after a run of
 * failures, then fails at once without reaching the engine (answering what the engine last answered), half-opens after
 * its reset timeout, and closes on the first success. The reset timeout is real time (vertx-circuit-breaker's timer),
 * so the tests wait for the state by polling with a deadline, never by sleeping a fixed time.
 */
class VaultCircuitTest {
  private static final VaultRequest LOOKUP = VaultRequest.get("/v1/auth/token/lookup-self");
  private static final Duration LONG = Duration.ofSeconds(30);
  private static final Duration SHORT = Duration.ofMillis(100);

  private Vertx vertx;
  private DevVault engine;
  private Optional<VaultToken> root;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    engine = DevVault.start(vertx, DevVaultOptions.defaults().withTransitKeys(List.of("kasten"))).await();
    root = Optional.of(VaultToken.of(engine.rootToken()));
  }

  @AfterEach
  void stop() {
    engine.close().await();
    vertx.close().await();
  }

  private VaultClient client(int retries, int maxFailures, Duration resetTimeout) {
    VaultClient client = VaultClient.create(vertx, new VaultConfig(URI.create(engine.address()), Optional.empty(),
        Duration.ofSeconds(2), retries, new TlsConfig(Optional.empty(), Optional.empty(), false)),
        new VaultCircuit.Settings(maxFailures, resetTimeout, LONG));
    client.bindTo(registry);
    return client;
  }

  private double attempts(String result) {
    return registry.get("transit.sidecar.vault.attempts").tag("result", result).functionCounter().count();
  }

  private long engineRequests() {
    return engine.requests().stream().filter(r -> r.path().equals("/v1/auth/token/lookup-self")).count();
  }

  @Test
  void sealed_opensAfterTheRun_thenAnswersVaultsOwn503WithoutReachingTheEngine() {
    VaultClient client = client(0, 3, LONG);
    engine.seal();
    for (int i = 0; i < 3; i++) {
      assertThat(client.send(LOOKUP, root).await().status()).isEqualTo(503);
    }
    assertThat(client.circuitState()).isEqualTo("open");
    long reached = engineRequests();

    VaultResponse failedFast = client.send(LOOKUP, root).await();

    assertThat(failedFast.status()).isEqualTo(503);
    assertThat(failedFast.contentType()).isEqualTo("application/json");
    assertThat(new JsonObject(failedFast.body()).getJsonArray("errors").getList()).containsExactly("Vault is sealed");
    assertThat(engineRequests()).isEqualTo(reached).isEqualTo(3);
    assertThat(attempts("not_sent")).isEqualTo(1);
    assertThat(registry.get("transit.sidecar.vault.circuit.state").gauge().value()).isEqualTo(2);
    assertThat(registry.get("transit.sidecar.vault.circuit.opened").functionCounter().count()).isEqualTo(1);
  }

  @Test
  void unreachable_opens_thenFailsAtOnceWithTheSameStatusAndSaysItWasNotSent() {
    VaultClient client = client(0, 2, LONG);
    engine.stop().await();
    VaultException first = catchThrowableOfType(VaultException.class, () -> client.send(LOOKUP, root).await());
    catchThrowableOfType(VaultException.class, () -> client.send(LOOKUP, root).await());
    assertThat(client.circuitState()).isEqualTo("open");

    VaultException fast = catchThrowableOfType(VaultException.class, () -> client.send(LOOKUP, root).await());

    assertThat(first).isInstanceOf(VaultUnavailable.class);
    assertThat(fast).isInstanceOf(VaultUnavailable.class);
    assertThat(fast.status()).isEqualTo(first.status()).isEqualTo(502);
    assertThat(fast.getMessage()).startsWith("vault unreachable at " + engine.address())
        .endsWith("the circuit breaker is open, so this request was not sent");
    assertThat(attempts("no_answer")).isEqualTo(2);
    assertThat(attempts("not_sent")).isEqualTo(1);
  }

  @Test
  void configuredThresholds_vaultCircuitFailures_opensAfterThatManyAndStaysOpenForTheResetTimeout() {
    VaultClient client = VaultClient.create(vertx, new VaultConfig(URI.create(engine.address()), Optional.empty(),
        Duration.ofSeconds(2), 0, new TlsConfig(Optional.empty(), Optional.empty(), false), 7, LONG));
    engine.seal();
    for (int i = 0; i < 6; i++) {
      assertThat(client.send(LOOKUP, root).await().status()).isEqualTo(503);
    }
    assertThat(client.circuitState()).isEqualTo("closed");

    client.send(LOOKUP, root).await();
    client.send(LOOKUP, root).await();

    assertThat(client.circuitState()).isEqualTo("open");
    assertThat(engineRequests()).isEqualTo(7);
  }

  @Test
  void defaultThresholds_areTodays_fiveFailuresAndHalfAsecond() {
    VaultConfig config = new VaultConfig(URI.create(engine.address()), Optional.empty(), Duration.ofSeconds(2), 0,
        new TlsConfig(Optional.empty(), Optional.empty(), false));

    assertThat(VaultCircuit.Settings.of(config)).isEqualTo(VaultCircuit.Settings.DEFAULT);
    assertThat(VaultCircuit.Settings.DEFAULT.maxFailures()).isEqualTo(5);
    assertThat(VaultCircuit.Settings.DEFAULT.resetTimeout()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void retries_stopOnceTheCircuitOpens() {
    VaultClient client = client(5, 2, LONG);
    engine.seal();

    assertThat(client.send(LOOKUP, root).await().status()).isEqualTo(503);

    assertThat(engineRequests()).isEqualTo(2);
    assertThat(attempts("answered")).isEqualTo(2);
    assertThat(attempts("not_sent")).isZero();
  }

  @Test
  void halfOpen_afterTheResetTimeout_oneRequestReachesVault_andItsSuccessCloses() {
    VaultClient client = client(0, 2, SHORT);
    engine.seal();
    client.send(LOOKUP, root).await();
    client.send(LOOKUP, root).await();
    engine.unseal();

    Http.eventually(Duration.ofSeconds(10), () -> client.circuitState().equals("half_open"));
    VaultResponse answer = client.send(LOOKUP, root).await();

    assertThat(answer.status()).isEqualTo(200);
    assertThat(client.circuitState()).isEqualTo("closed");
    assertThat(engineRequests()).isEqualTo(3);
  }

  @Test
  void open_theHealthCheckClosesItOnceVaultAnswers_withoutWaitingForARequest() {
    VaultClient client = VaultClient.create(vertx, new VaultConfig(URI.create(engine.address()), Optional.empty(),
        Duration.ofSeconds(2), 0, new TlsConfig(Optional.empty(), Optional.empty(), false)),
        new VaultCircuit.Settings(2, SHORT, SHORT));
    engine.seal();
    client.send(LOOKUP, root).await();
    client.send(LOOKUP, root).await();
    assertThat(client.circuitState()).isEqualTo("open");

    engine.unseal();
    Http.eventually(Duration.ofSeconds(10), () -> client.circuitState().equals("closed"));

    assertThat(client.send(LOOKUP, root).await().status()).isEqualTo(200);
    assertThat(engineRequests()).isEqualTo(3);
    client.close();
  }

  @Test
  void halfOpen_failure_opensAgain() {
    VaultClient client = client(0, 2, SHORT);
    engine.seal();
    client.send(LOOKUP, root).await();
    client.send(LOOKUP, root).await();

    Http.eventually(Duration.ofSeconds(10), () -> client.circuitState().equals("half_open"));
    assertThat(client.send(LOOKUP, root).await().status()).isEqualTo(503);

    assertThat(client.circuitState()).isEqualTo("open");
    assertThat(engineRequests()).isEqualTo(3);
    assertThat(registry.get("transit.sidecar.vault.circuit.opened").functionCounter().count()).isEqualTo(2);
  }

  @Test
  void errorsThatAreTheRequestsOwn_neverOpen() {
    VaultClient client = client(0, 2, LONG);
    engine.faults().failNext(3, 500, "internal error");
    for (int i = 0; i < 3; i++) {
      assertThat(client.send(LOOKUP, root).await().status()).isEqualTo(500);
    }
    for (int i = 0; i < 3; i++) {
      assertThat(client.send(LOOKUP, Optional.of(VaultToken.of("hvs.not-a-token-of-this-engine"))).await().status())
          .isEqualTo(403);
    }

    assertThat(client.circuitState()).isEqualTo("closed");
    assertThat(attempts("not_sent")).isZero();
  }

  @Test
  void aSuccess_resetsTheRun() {
    VaultClient client = client(0, 2, LONG);
    engine.faults().failNext(1, 503, "Vault is sealed");
    client.send(LOOKUP, root).await();
    client.send(LOOKUP, root).await();
    engine.faults().failNext(1, 503, "Vault is sealed");
    client.send(LOOKUP, root).await();

    assertThat(client.circuitState()).isEqualTo("closed");
  }

  @Test
  void probe_goesAroundTheOpenCircuit() {
    VaultClient client = client(0, 1, LONG);
    engine.seal();
    client.send(LOOKUP, root).await();
    assertThat(client.circuitState()).isEqualTo("open");

    VaultResponse health = client.probe(VaultRequest.probe("/v1/sys/health")).await();

    assertThat(health.status()).isEqualTo(503);
    assertThat(engine.requests()).anyMatch(r -> r.path().equals("/v1/sys/health"));
    assertThat(attempts("not_sent")).isZero();
  }

  @Test
  void close_removesTheMetrics() {
    VaultClient client = client(0, 1, LONG);
    client.close();

    assertThat(registry.find("transit.sidecar.vault.attempts").functionCounters()).isEmpty();
    assertThat(registry.find("transit.sidecar.vault.circuit.state").gauge()).isNull();
  }
}
