package dev.transitsidecar.reliability;

import dev.transitsidecar.reliability.MixedLoad.Outcome;
import dev.transitsidecar.reliability.MixedLoad.Result;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The figures of one fault scenario, per class of request: counts by outcome, the slowest request of any outcome, the
 * slowest success and failure, and recovery: how long after the fault ended the first fully good answer to a
 * request sent after that moment came.
 */
record FaultFigures(String kind, long sent, long ok, long upstream, long clientErrors, long other, long hung,
    Optional<Duration> slowest, Optional<Duration> slowestFailure, Optional<Duration> slowestSuccess,
    Optional<Duration> recovery, Optional<Duration> lastFailureAfterEnd, List<String> examples) {

  long failed() {
    return upstream + clientErrors + other + hung;
  }

  /** One row per kind, in the order the kinds first appear. */
  static List<FaultFigures> of(List<Result> results, long faultEnd) {
    Map<String, List<Result>> byKind = results.stream().collect(Collectors.groupingBy(r -> r.kind().name(),
        java.util.LinkedHashMap::new, Collectors.toList()));
    List<FaultFigures> rows = new ArrayList<>();
    byKind.forEach((kind, list) -> rows.add(figures(kind, list, faultEnd)));
    return rows;
  }

  private static FaultFigures figures(String kind, List<Result> list, long faultEnd) {
    Map<Outcome, Long> counts = list.stream().collect(Collectors.groupingBy(Result::outcome, Collectors.counting()));
    Optional<Duration> slowest = list.stream().map(Result::latency).max(Duration::compareTo);
    Optional<Duration> slowestFailure = list.stream().filter(r -> r.outcome() != Outcome.OK).map(Result::latency)
        .max(Duration::compareTo);
    Optional<Duration> slowestSuccess = list.stream().filter(r -> r.outcome() == Outcome.OK).map(Result::latency)
        .max(Duration::compareTo);
    Optional<Duration> recovery = list.stream().filter(r -> r.sent() >= faultEnd && r.outcome() == Outcome.OK)
        .mapToLong(Result::done).min().stream().mapToObj(done -> Duration.ofNanos(done - faultEnd)).findFirst();
    Optional<Duration> lastFailure = list.stream().filter(r -> r.outcome() != Outcome.OK && r.done() >= faultEnd)
        .mapToLong(Result::done).max().stream().mapToObj(done -> Duration.ofNanos(done - faultEnd)).findFirst();
    Map<String, Long> details = list.stream().filter(r -> r.outcome() != Outcome.OK)
        .collect(Collectors.groupingBy(Result::detail, TreeMap::new, Collectors.counting()));
    List<String> examples = details.entrySet().stream().limit(3).map(e -> e.getValue() + "× " + e.getKey()).toList();
    return new FaultFigures(kind, list.size(), count(counts, Outcome.OK), count(counts, Outcome.UPSTREAM_ERROR),
        count(counts, Outcome.CLIENT_ERROR), count(counts, Outcome.OTHER), count(counts, Outcome.HUNG), slowest,
        slowestFailure, slowestSuccess, recovery, lastFailure, examples);
  }

  private static long count(Map<Outcome, Long> counts, Outcome outcome) {
    return counts.getOrDefault(outcome, 0L);
  }

  static String ms(Optional<Duration> d) {
    return d.map(FaultFigures::ms).orElse("-");
  }

  static String ms(Duration d) {
    return d.toMillis() + " ms";
  }

  static final List<String> HEADER = List.of("class", "sent", "succeeded", "failed, clear 502/503/504",
      "failed, clear 4xx", "failed otherwise", "hung", "slowest success", "slowest failure", "recovery (first good answer)",
      "last failure after the fault", "errors seen");

  List<Object> row() {
    return List.of(kind, sent, ok, upstream, clientErrors, other, hung, ms(slowestSuccess), ms(slowestFailure),
        ms(recovery),
        ms(lastFailureAfterEnd), examples.isEmpty() ? "-" : String.join("; ", examples));
  }
}
