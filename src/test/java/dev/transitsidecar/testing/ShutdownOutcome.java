package dev.transitsidecar.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.testing.ShutdownLoad.Ending;
import dev.transitsidecar.testing.ShutdownLoad.Sent;
import java.time.Duration;
import java.util.List;

/**
 * What one SIGTERM under a {@link ShutdownLoad} showed, and the verdicts of the shutdown tests: no request failed (the
 * only thing a client may meet is a refused new connection once the listener closed), every answer was a 200, the
 * load was served in the grace, the listener closed, requests were drained (as the log says), exit code 0, the
 * shutdown took at most the grace plus the longest request in flight when the listener closed plus {@link #JVM_EXIT},
 * and the log holds no ERROR line. Times are {@link System#nanoTime()}.
 *
 * @param firstRefused when the first new connection was refused: the listener had closed by then
 */
public record ShutdownOutcome(String name, Duration grace, List<Sent> sent, long refused, long firstRefused,
    long sigterm, long notReady, long exited, int exitCode, String log) {
  /**
   * For the process to close Vert.x and exit once the drain is done (about 0.3 s on an idle machine; up to 1.5 s
   * was seen on 2 cores shared by several builds).
   */
  public static final Duration JVM_EXIT = Duration.ofSeconds(2);

  public long failed() {
    return sent.stream().filter(s -> s.ending() == Ending.FAILED).count();
  }

  public long sentBeforeListenerClosed() {
    return sent.stream().filter(s -> s.sentNanos() < firstRefused).count();
  }

  public long failedBeforeListenerClosed() {
    return sent.stream().filter(s -> s.sentNanos() < firstRefused && s.ending() == Ending.FAILED).count();
  }

  /** Sent after the SIGTERM and answered as usual (a kept-alive answer: before the listener closed). */
  public long servedInTheGrace() {
    return sent.stream().filter(s -> s.sentNanos() > sigterm && s.ending() == Ending.ANSWERED && s.status() == 200)
        .count();
  }

  /** The longest request that was still in flight when the first new connection was refused. */
  public Duration longestInFlightAtClose() {
    return sent.stream().filter(s -> s.sentNanos() < firstRefused && s.endedNanos() >= firstRefused)
        .map(Sent::took).max(Duration::compareTo).orElse(Duration.ZERO);
  }

  public Duration shutdown() {
    return Duration.ofNanos(exited - sigterm);
  }

  public long drained() {
    return log.lines().filter(l -> l.contains(" requests drained"))
        .map(l -> l.replaceAll(".*stopped: (\\d+) requests drained.*", "$1")).mapToLong(Long::parseLong)
        .findFirst().orElse(-1);
  }

  public void assertGraceful() {
    String figures = String.format("%s: sent %d (%d before the listener closed), failed %d (%d before), refused "
        + "new connections %d, served in the grace %d, drained %d, exit code %d, shutdown %d ms (grace %d ms, "
        + "longest in flight at the close %d ms), /readyz 503 after %d ms", name,
        sent.size(), sentBeforeListenerClosed(), failed(), failedBeforeListenerClosed(), refused,
        servedInTheGrace(), drained(), exitCode, shutdown().toMillis(), grace.toMillis(),
        longestInFlightAtClose().toMillis(), Duration.ofNanos(notReady - sigterm).toMillis());
    System.out.println(figures);
    assertThat(exitCode).as(figures).isZero();
    assertThat(failed()).as(figures + "; failures: %s", sent.stream().filter(s -> s.ending() == Ending.FAILED)
        .limit(5).toList()).isZero();
    assertThat(sent).as(figures).allSatisfy(s -> assertThat(s.status()).isEqualTo(200));
    assertThat(servedInTheGrace()).as(figures).isPositive();
    assertThat(refused).as(figures).isPositive();
    assertThat(drained()).as(figures).isPositive();
    assertThat(shutdown()).as(figures)
        .isLessThanOrEqualTo(grace.plus(longestInFlightAtClose()).plus(JVM_EXIT));
    assertThat(log.lines().filter(l -> l.contains(" ERROR ")).toList()).as(figures).isEmpty();
  }
}
