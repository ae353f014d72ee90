package dev.transitsidecar.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One fault scenario's figures, its verdicts against the targets (in the report) and its assertions (with
 * margins for a loaded CI machine).
 *
 * @param sentDuringFault attempts the sidecar's Vault client sent during the fault (answered or not)
 * @param notSentDuringFault attempts the open circuit failed at once during the fault
 * @param reachedEngine requests that reached the engine during the fault (its own request log)
 * @param circuitOpened times the circuit opened in the whole scenario
 * @param refreshing refreshes ahead of the TTL and waits for Vault from the start of the fault to the end of the load
 */
record ScenarioReport(FaultsUnderLoadTest.Fault fault, List<FaultFigures> figures, Duration measuredLength,
    long sentDuringFault, long notSentDuringFault, long reachedEngine, long circuitOpened, Refreshing refreshing,
    FaultBench.Timing timing) {
  static final Duration RECOVERY_TARGET = Duration.ofSeconds(1);
  /** The slowest cached decrypt and the slowest derive, in every fault, at full size (reported, not asserted). */
  static final Duration CACHED_TARGET = Duration.ofMillis(50);

  /**
   * @param ok refreshes of cached decrypts and the master key that landed
   * @param failed refreshes that Vault failed
   * @param waits requests that found their cached answer or the master key past the TTL and waited for Vault
   */
  record Refreshing(long ok, long failed, long waits) {}

  /** The slowest request of {@code kind}, whatever its outcome. */
  Optional<Duration> slowest(String kind) {
    return of(kind).slowest();
  }

  FaultFigures of(String kind) {
    return figures.stream().filter(f -> f.kind().equals(kind)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " request was sent"));
  }

  long total(java.util.function.ToLongFunction<FaultFigures> field) {
    return figures.stream().mapToLong(field).sum();
  }

  void assertNoneOtherOrHung() {
    for (FaultFigures f : figures) {
      assertThat(f.other()).as(f.kind() + " failed otherwise: " + f.examples()).isZero();
      assertThat(f.hung()).as(f.kind() + " hung").isZero();
    }
  }

  void assertServedThroughout(String... kinds) {
    for (String kind : kinds) {
      assertThat(of(kind).failed()).as(kind + " failures: " + of(kind).examples()).isZero();
    }
  }

  void assertFailuresBoundedBy(Duration bound) {
    for (FaultFigures f : figures) {
      f.slowestFailure().ifPresent(d -> assertThat(d).as(f.kind() + " slowest failure").isLessThanOrEqualTo(bound));
    }
  }

  void assertRecoveredWithin(Duration limit, String... kinds) {
    for (String kind : kinds) {
      assertThat(of(kind).recovery()).as(kind + " recovery").hasValueSatisfying(d ->
          assertThat(d).isLessThanOrEqualTo(limit));
    }
  }

  void assertEveryUpstreamErrorSays(String detail) {
    for (FaultFigures f : figures) {
      assertThat(f.examples()).allSatisfy(e -> assertThat(e).contains(detail));
    }
  }

  /** The worst recovery of the classes that go to Vault (uncached decrypt, encrypt). */
  Optional<Duration> worstRecovery() {
    return figures.stream().filter(f -> f.kind().equals(Workload.UNCACHED) || f.kind().equals(Workload.ENCRYPT))
        .map(FaultFigures::recovery).flatMap(Optional::stream).max(Duration::compareTo);
  }

  /** At least what the same failures would have sent without a breaker: every attempt of every failed request. */
  long withoutBreaker() {
    return total(FaultFigures::upstream) * (timing.retries() + 1L);
  }

  String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("### (").append(fault.id()).append(") ").append(fault.title()).append("\n\n");
    out.append("Fault length as measured: ").append(FaultFigures.ms(measuredLength)).append(". During the fault the ")
        .append("sidecar sent ").append(sentDuringFault).append(" attempts to Vault and failed ")
        .append(notSentDuringFault).append(" at once with the circuit open; ").append(reachedEngine)
        .append(" requests reached the engine (its log). The circuit opened ").append(circuitOpened)
        .append(" times in the scenario. Without a breaker the ").append(total(FaultFigures::upstream))
        .append(" failed requests would have sent at least ").append(withoutBreaker()).append(" attempts (1 + ")
        .append(timing.retries()).append(" retries each). From the start of the fault to the end of the load, ")
        .append(refreshing.ok()).append(" refreshes ahead of the TTL landed and ").append(refreshing.failed())
        .append(" failed; ").append(refreshing.waits()).append(" requests waited for Vault for an answer the cache ")
        .append("held.\n\n");
    if (!fault.note().isEmpty()) {
      out.append(fault.note()).append("\n\n");
    }
    List<List<?>> rows = new ArrayList<>();
    figures.forEach(f -> rows.add(f.row()));
    out.append(ReliabilityReport.table(FaultFigures.HEADER, rows)).append('\n');
    verdicts().forEach(v -> out.append("- ").append(v).append('\n'));
    return out.toString();
  }

  List<String> verdicts() {
    List<String> v = new ArrayList<>();
    v.add(verdict("hung: " + total(FaultFigures::hung) + " (target 0)", total(FaultFigures::hung) == 0));
    v.add(verdict("failed otherwise: " + total(FaultFigures::other) + " (target 0)", total(FaultFigures::other) == 0));
    v.add(verdict("derive and cached decrypt failures: " + (of(Workload.DERIVE).failed() + of(Workload.CACHED)
        .failed()) + " (target 0: served from locked memory within ttl + staleIfError)",
        of(Workload.DERIVE).failed() + of(Workload.CACHED).failed() == 0));
    Optional<Duration> slowest = figures.stream().map(FaultFigures::slowestFailure).flatMap(Optional::stream)
        .max(Duration::compareTo);
    v.add(verdict("slowest failure: " + FaultFigures.ms(slowest) + " (bound: vault.timeout × (1 + retries) + "
        + "backoff = " + FaultFigures.ms(timing.failureBound()) + ")",
        slowest.map(d -> d.compareTo(timing.failureBound()) <= 0).orElse(true)));
    Duration slowestCached = slowest(Workload.CACHED).orElse(Duration.ZERO);
    Duration slowestDerive = slowest(Workload.DERIVE).orElse(Duration.ZERO);
    v.add(verdict("slowest cached decrypt " + FaultFigures.ms(slowestCached) + ", slowest derive "
        + FaultFigures.ms(slowestDerive) + " (target ≤ " + FaultFigures.ms(CACHED_TARGET) + " at full size)",
        slowestCached.compareTo(CACHED_TARGET) <= 0 && slowestDerive.compareTo(CACHED_TARGET) <= 0));
    v.add(verdict("recovery of uncached decrypt and encrypt after the fault ended: " + FaultFigures.ms(worstRecovery())
        + " (target < 1 s)", worstRecovery().map(d -> d.compareTo(RECOVERY_TARGET) < 0).orElse(false)));
    return v;
  }

  private static String verdict(String text, boolean met) {
    return text + ": " + (met ? "met" : "**NOT met**");
  }

  static String summary(List<ScenarioReport> reports) {
    List<ScenarioReport> sorted = reports.stream().sorted(java.util.Comparator.comparing(r -> r.fault().id()))
        .toList();
    FaultBench.Timing t = sorted.getFirst().timing();
    StringBuilder out = new StringBuilder("## Faults under load\n\n");
    out.append("Date: ").append(LocalDate.now()).append(". Command: `").append(ReliabilityReport.full()
        ? "mvn -B -Preliability verify" : "mvn -B verify` (quick sizes; the full run is `mvn -B -Preliability verify")
        .append("` (test `FaultsUnderLoadTest`). Machine: ").append(Runtime.getRuntime().availableProcessors())
        .append(" CPUs, Java ").append(Runtime.version()).append(".\n\n");
    out.append("A sidecar (AppRole login, a keystore, the decrypt cache) and the embedded engine in one JVM, over ")
        .append("loopback sockets. Load: ").append(FaultsUnderLoadTest.CLIENTS_PER_KIND).append(" clients per class ")
        .append("(derive; decrypt of a cached ciphertext; decrypt of 100-byte plaintexts, never cached; encrypt), each ")
        .append("sending its next request ").append(FaultsUnderLoadTest.PAUSE.toMillis()).append(" ms after the ")
        .append("last answer; a request without an answer after ").append(FaultsUnderLoadTest.DEADLINE.toSeconds())
        .append(" s counts as hung. Configuration: vault.timeout ").append(t.vaultTimeout().toMillis())
        .append(" ms, vault.retries ").append(t.retries()).append(", cache.ttl ").append(t.cacheTtl().toSeconds())
        .append(" s, cache.staleIfError ").append(t.staleIfError().toSeconds()).append(" s (so cached entries go ")
        .append("stale during the longest outage and are served stale; used entries and the master key are refreshed ")
        .append("ahead of the TTL, at 75 to 85 % of it), coalescing on, the circuit breaker at its ")
        .append("defaults (opens after 5 failures in a row, half-opens after 500 ms, and a health check every 500 ms closes it once Vault answers). A clear error is Vault's ")
        .append("`{\"errors\":[...]}` with 502/503/504 (or the 4xx Vault would give). Recovery: from the moment the ")
        .append("fault ended to the first fully good answer (checked plaintext, key or ciphertext) to a request ")
        .append("sent after that moment.\n\n");
    List<List<?>> rows = new ArrayList<>();
    for (ScenarioReport r : sorted) {
      rows.add(Arrays.asList("(" + r.fault().id() + ") " + r.fault().title(), r.total(FaultFigures::sent),
          r.total(FaultFigures::ok), r.total(FaultFigures::upstream) + r.total(FaultFigures::clientErrors),
          r.total(FaultFigures::other), r.total(FaultFigures::hung),
          FaultFigures.ms(r.slowest(Workload.CACHED)), FaultFigures.ms(r.slowest(Workload.DERIVE)),
          r.refreshing().waits(), FaultFigures.ms(r.of(Workload.UNCACHED).recovery()), FaultFigures.ms(r.of(Workload.ENCRYPT).recovery()),
          r.sentDuringFault() + " / " + r.notSentDuringFault(), r.reachedEngine(), r.withoutBreaker()));
    }
    out.append(ReliabilityReport.table(List.of("fault", "sent", "succeeded", "failed, clear error",
        "failed otherwise", "hung", "slowest cached decrypt", "slowest derive",
        "waits for Vault for a cached answer", "recovery, uncached decrypt", "recovery, encrypt",
        "sidecar attempts to Vault during the fault: sent / failed fast by the breaker",
        "requests that reached the engine during the fault", "attempts without a breaker (at least)"), rows));
    return out.toString();
  }
}
