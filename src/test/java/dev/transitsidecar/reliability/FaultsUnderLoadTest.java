package dev.transitsidecar.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.devvault.DevVault;
import dev.transitsidecar.devvault.SeenRequest;
import dev.transitsidecar.reliability.MixedLoad.Result;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults under load: a sidecar (AppRole, keystore, decrypt cache) under a mixed load of derive, cached and
 * uncached decrypt and encrypt, while the engine (a) is stopped and started again, (b) answers every request 5 s late,
 * (c) is sealed, (d) revokes the sidecar's token, (e) breaks every answer mid-body, (f) answers nothing for 3 s just
 * as the cached entry reaches 80 % of its TTL. Every request is counted as succeeded, failed with a clear error,
 * failed otherwise or hung (the last two must stay 0), and the report gives the slowest cached decrypt and derive
 * (target: 50 ms at full size, reported, not asserted), the recovery time after the fault ended, how many requests
 * the sidecar still sent to Vault during it, and the refreshes ahead of the TTL and the requests that waited for
 * Vault for an answer the cache held.
 * Full sizes in {@code -Preliability} (a 60 s outage); a few seconds each in the default build.
 */
@Tag("reliability")
class FaultsUnderLoadTest {
  static final boolean FULL = ReliabilityReport.full();
  static final FaultBench.Timing TIMING = FULL
      ? new FaultBench.Timing(Duration.ofSeconds(2), 2, Duration.ofSeconds(20), Duration.ofSeconds(130))
      : new FaultBench.Timing(Duration.ofSeconds(2), 2, Duration.ofSeconds(1), Duration.ofSeconds(20));
  static final Duration WARM_UP = Duration.ofMillis(ReliabilityReport.scale(500, 5_000));
  static final Duration AFTER = Duration.ofMillis(ReliabilityReport.scale(1_000, 10_000));
  static final Duration DEADLINE = Duration.ofSeconds(20);
  static final Duration PAUSE = Duration.ofMillis(10);
  static final int CLIENTS_PER_KIND = 2;
  /** Enough that no request of the load waits for a connection of its own client (that would not be the sidecar). */
  static final int CONNECTIONS = 512;
  /** After the fault, one uncached decrypt and one encrypt this often, so recovery does not wait for busy clients. */
  static final Duration PROBE_INTERVAL = Duration.ofMillis(25);
  /** Generous bounds for a loaded 2-core CI machine; the report gives the figures against the targets of docs/reliability.md. */
  static final Duration RECOVERY_LIMIT = Duration.ofSeconds(4);
  static final Duration MARGIN = Duration.ofSeconds(3);

  static final String SLOW_NOTE = "The engine holds every request that arrived during the fault for its full 5 s, "
      + "even after the fault ended. The breaker lets one trial request through when it half-opens; if that trial "
      + "reached the engine before the end, it fails only at vault.timeout; so while the circuit is not closed, a "
      + "sys/health check every 500 ms closes a half-open circuit as soon as Vault answers, and recovery does not wait "
      + "for the trial (without the check it took vault.timeout + 500 ms, 1.9 s here). Cached decrypts and derives "
      + "are refreshed ahead of their TTL; past it, with the refresh in flight or failing, the held answer is served "
      + "at once (stale-while-revalidate), so they never wait for the slow engine.";

  static final String SILENT_NOTE = "The fault starts when the cached entry reaches 80 % of its TTL, counted from the "
      + "moment its last refresh landed (its refresh point is drawn between 75 and 85 %, so about half of the "
      + "refreshes start just before the fault and half inside it; the master key's cycle is its own). Every request "
      + "that reaches the engine during the fault is answered only 3 s later, after vault.timeout, so for the sidecar "
      + "Vault answers nothing. A refresh that fails leaves the held answer served at once, within ttl + "
      + "staleIfError, and is tried again on the next use at most once a second.";

  private static final List<ScenarioReport> REPORTS = new ArrayList<>();

  @TempDir
  Path dir;

  /**
   * A fault: what starts it and what ends it (for (d) nothing ends: the revocation is one event), and how much longer
   * than {@link #AFTER} to watch afterwards (requests that reached a slow engine before the end are still slow).
   */
  record Fault(String id, String title, Duration length, java.util.function.Consumer<DevVault> begin,
      java.util.function.Consumer<DevVault> end, Duration settle, String note,
      java.util.function.Consumer<FaultBench> awaitStart) {
    Fault(String id, String title, Duration length, java.util.function.Consumer<DevVault> begin,
        java.util.function.Consumer<DevVault> end, Duration settle, String note) {
      this(id, title, length, begin, end, settle, note, bench -> { });
    }

    Fault(String id, String title, Duration length, java.util.function.Consumer<DevVault> begin,
        java.util.function.Consumer<DevVault> end) {
      this(id, title, length, begin, end, Duration.ZERO, "");
    }
  }

  @Test
  void a_engineStopped_cachedAndDerivedServe_uncachedFailFastAndClearly() throws IOException {
    Duration outage = Duration.ofSeconds(ReliabilityReport.scale(3, 60));
    ScenarioReport report = run(new Fault("a", "engine stopped for " + outage.toSeconds() + " s, then started again "
        + "on the same port", outage, e -> e.stop().await(), e -> e.restart().await()));

    report.assertServedThroughout(Workload.DERIVE, Workload.CACHED);
    report.assertFailuresBoundedBy(TIMING.failureBound().plus(MARGIN));
    report.assertRecoveredWithin(RECOVERY_LIMIT, Workload.UNCACHED, Workload.ENCRYPT);
    assertThat(report.sentDuringFault()).as("attempts the sidecar sent to the stopped engine")
        .isLessThan(20 + 4 * outage.toSeconds());
  }

  @Test
  void b_everyAnswer5sLate_clearTimeouts_andRecovery() throws IOException {
    // Longer than every attempt of a request (3 x 2 s), or the last attempt of each would land after the fault.
    Duration length = Duration.ofMillis(ReliabilityReport.scale(4_500, 20_000));
    ScenarioReport report = run(new Fault("b", "every request answered 5 s late for " + length.toMillis() / 1000.0 + " s",
        length, e -> e.faults().latency(Duration.ofSeconds(5)), e -> e.faults().latency(Duration.ZERO),
        TIMING.vaultTimeout(), SLOW_NOTE));

    report.assertServedThroughout(Workload.DERIVE, Workload.CACHED);
    report.assertFailuresBoundedBy(TIMING.failureBound().plus(MARGIN));
    report.assertRecoveredWithin(TIMING.vaultTimeout().plus(RECOVERY_LIMIT), Workload.UNCACHED, Workload.ENCRYPT);
  }

  @Test
  void c_sealed_vaultsOwn503PassesThrough() throws IOException {
    Duration length = Duration.ofSeconds(ReliabilityReport.scale(2, 20));
    ScenarioReport report = run(new Fault("c", "Vault sealed (503 \"Vault is sealed\") for " + length.toSeconds()
        + " s", length, DevVault::seal, DevVault::unseal));

    report.assertServedThroughout(Workload.DERIVE, Workload.CACHED);
    report.assertEveryUpstreamErrorSays("503 Vault is sealed");
    report.assertRecoveredWithin(RECOVERY_LIMIT, Workload.UNCACHED, Workload.ENCRYPT);
  }

  @Test
  void d_tokenRevoked_sidecarLogsInAgain() throws IOException {
    ScenarioReport report = run(new Fault("d", "the sidecar's token revoked (AppRole logs in again)", Duration.ZERO,
        e -> e.revokeLogins("approle"), e -> { }));

    report.assertServedThroughout(Workload.DERIVE, Workload.CACHED, Workload.UNCACHED, Workload.ENCRYPT);
    report.assertRecoveredWithin(RECOVERY_LIMIT, Workload.UNCACHED, Workload.ENCRYPT);
  }

  @Test
  void e_answersBrokenMidBody_clear502_andRecovery() throws IOException {
    Duration length = Duration.ofSeconds(ReliabilityReport.scale(2, 20));
    ScenarioReport report = run(new Fault("e", "every answer cut off mid-body (connection closed) for "
        + length.toSeconds() + " s", length, e -> e.faults().resetNextMidBody(Integer.MAX_VALUE),
        e -> e.faults().clear()));

    report.assertServedThroughout(Workload.DERIVE, Workload.CACHED);
    report.assertFailuresBoundedBy(TIMING.failureBound().plus(MARGIN));
    report.assertRecoveredWithin(RECOVERY_LIMIT, Workload.UNCACHED, Workload.ENCRYPT);
  }

  @Test
  void f_silentAt80PercentOfTtl_cachedAndDerivedServedWithoutWaiting() throws IOException {
    Duration silence = Duration.ofSeconds(3);
    ScenarioReport report = run(new Fault("f", "Vault answers nothing for 3 s (every answer 3 s late) from the "
        + "moment the cached entry reaches 80 % of its TTL", silence,
        e -> e.faults().latency(silence), e -> e.faults().latency(Duration.ZERO), TIMING.vaultTimeout(),
        SILENT_NOTE, FaultsUnderLoadTest::awaitEightyPercentOfTtl));

    report.assertServedThroughout(Workload.DERIVE, Workload.CACHED);
    report.assertFailuresBoundedBy(TIMING.failureBound().plus(MARGIN));
    report.assertRecoveredWithin(TIMING.vaultTimeout().plus(RECOVERY_LIMIT), Workload.UNCACHED, Workload.ENCRYPT);
  }

  /**
   * Returns when the cached entry reaches 80 % of its TTL: waits for the next refresh of a cached decrypt to land
   * (the entry is stored again at that moment), then for 80 % of {@code cache.ttl}.
   */
  private static void awaitEightyPercentOfTtl(FaultBench bench) {
    long before = bench.refreshes("decrypt", "ok");
    long giveUp = System.nanoTime() + TIMING.cacheTtl().multipliedBy(3).toNanos();
    while (bench.refreshes("decrypt", "ok") == before) {
      if (System.nanoTime() > giveUp) {
        throw new AssertionError("no cached decrypt was refreshed within 3 × cache.ttl under load");
      }
      LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
    }
    park(Duration.ofMillis(TIMING.cacheTtl().toMillis() * 8 / 10));
  }

  private ScenarioReport run(Fault fault) throws IOException {
    try (FaultBench bench = new FaultBench(dir, TIMING);
        MixedLoad load = new MixedLoad(bench.port(), CONNECTIONS, DEADLINE, PAUSE)) {
      List<MixedLoad.Kind> kinds = new Workload(bench.base()).kinds();
      load.start(kinds, CLIENTS_PER_KIND);
      park(WARM_UP);
      fault.awaitStart().accept(bench);
      long refreshedBefore = bench.refreshes("ok");
      long failedBefore = bench.refreshes("failed");
      long waitsBefore = bench.waits();
      long sentBefore = bench.attempts("answered") + bench.attempts("no_answer");
      long notSentBefore = bench.attempts("not_sent");
      Instant startedAt = Instant.now();
      long start = System.nanoTime();
      fault.begin().accept(bench.engine);
      park(fault.length());
      fault.end().accept(bench.engine);
      long end = System.nanoTime();
      Instant endedAt = Instant.now();
      long sent = bench.attempts("answered") + bench.attempts("no_answer") - sentBefore;
      long notSent = bench.attempts("not_sent") - notSentBefore;
      long reached = bench.engine.requests().stream().map(SeenRequest::time)
          .filter(t -> !t.isBefore(startedAt) && !t.isAfter(endedAt)).count();
      load.probe(kinds.stream().filter(k -> k.name().equals(Workload.UNCACHED) || k.name().equals(Workload.ENCRYPT))
          .toList(), PROBE_INTERVAL, AFTER.plus(fault.settle()));
      List<Result> results = load.stop();
      ScenarioReport.Refreshing refreshing = new ScenarioReport.Refreshing(bench.refreshes("ok") - refreshedBefore,
          bench.refreshes("failed") - failedBefore, bench.waits() - waitsBefore);
      ScenarioReport report = new ScenarioReport(fault, FaultFigures.of(results, end), Duration.ofNanos(end - start),
          sent, notSent, reached, bench.circuitOpened(), refreshing, TIMING);
      synchronized (REPORTS) {
        REPORTS.add(report);
      }
      ReliabilityReport.write("1-faults-" + fault.id(), report.markdown());
      report.assertNoneOtherOrHung();
      return report;
    }
  }

  private static void park(Duration duration) {
    long until = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < until) {
      LockSupport.parkNanos(until - System.nanoTime());
    }
  }

  @AfterAll
  static void summary() {
    if (!REPORTS.isEmpty()) {
      ReliabilityReport.write("1-faults-0-summary", ScenarioReport.summary(REPORTS));
    }
  }
}
