package dev.transitsidecar.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.config.ListenConfig;
import dev.transitsidecar.http.ServerTimeouts;
import dev.transitsidecar.testing.Http;
import java.lang.management.ManagementFactory;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow clients: silent connections, kept-alive idle connections and clients that send their headers one
 * byte a second do not stop the sidecar serving others, and each kind is cut: silent and slow ones after
 * {@code listen.headerTimeout}, idle kept-alive ones after {@code listen.idleTimeout}. Both ends live in this JVM,
 * so each connection costs two file descriptors; the test opens as many idle ones as the descriptor limit allows (up
 * to 1,000) and says so. The default build runs with short timeouts; the reliability profile with the defaults.
 */
@Tag("reliability")
class SlowClientsTest {
  private static final int IDLE = 1_000;
  private static final int SILENT = 100;
  private static final Duration HEADER = ReliabilityReport.full() ? ServerTimeouts.DEFAULT_HEADER : Duration.ofSeconds(1);
  private static final Duration IDLE_TIMEOUT = ReliabilityReport.full() ? ServerTimeouts.DEFAULT_IDLE
      : Duration.ofSeconds(6);
  /** How much later than its timeout a connection may be cut on a loaded 2-core CI box. */
  private static final Duration SLACK = Duration.ofSeconds(10);

  @TempDir
  Path dir;

  private RunningSidecar sidecar;

  @BeforeEach
  void start() {
    sidecar = RunningSidecar.start(dir, l -> new ListenConfig(l.address(), l.port(), l.unixSocket(),
        l.requireRequestHeader(), l.maxBodyBytes(), l.clientTokenFile(), l.healthPort(), IDLE_TIMEOUT, HEADER));
  }

  @AfterEach
  void stop() {
    sidecar.close();
  }

  @Test
  void slowAndIdleClients_doNotStopOthers_andAreCutAfterTheirTimeouts() {
    long fdsBefore = openFds();
    List<Long> baseline = timeRequests(20);
    int idleCount = Math.min(IDLE, affordableConnections(fdsBefore));
    int slowCount = ReliabilityReport.scale(5, 20);

    try (SlowClients clients = new SlowClients()) {
      for (int i = 0; i < idleCount; i++) {
        clients.keptAlive(sidecar.port);
      }
      for (int i = 0; i < SILENT; i++) {
        clients.silent(sidecar.port);
      }
      for (int i = 0; i < slowCount; i++) {
        clients.slowloris(i % 5 == 4 ? sidecar.healthPort : sidecar.port);
      }
      long fdsPeak = openFds();
      List<Long> loaded = timeRequests(20);

      clients.awaitAllClosed(IDLE_TIMEOUT.plus(HEADER).plus(SLACK).plus(SLACK));
      long fdsServerClosed = openFds();
      clients.close();
      Http.eventually(Duration.ofSeconds(10), () -> openFds() <= fdsBefore + 20);
      long fdsAfter = openFds();

      List<Long> slowCut = clients.closedAfter(SlowClients.Kind.SLOWLORIS);
      List<Long> silentCut = clients.closedAfter(SlowClients.Kind.SILENT);
      List<Long> idleCut = clients.closedAfter(SlowClients.Kind.KEPT_ALIVE);
      // Cut by the header timeout, so before the idle timeout could have done it.
      assertThat(slowCut).hasSize(slowCount).allSatisfy(ms -> assertThat(ms)
          .isBetween(HEADER.toMillis() - 50, IDLE_TIMEOUT.toMillis() - 50));
      assertThat(silentCut).hasSize(SILENT).allSatisfy(ms -> assertThat(ms)
          .isBetween(HEADER.toMillis() - 50, IDLE_TIMEOUT.toMillis() - 50));
      // Measured from the client's reading of its one answer; the server's clock started at the request.
      assertThat(idleCut).hasSize(idleCount).allSatisfy(ms -> assertThat(ms)
          .isBetween(IDLE_TIMEOUT.toMillis() - 1_000, IDLE_TIMEOUT.plus(SLACK).toMillis()));
      assertThat(clients.bytesSentBySlowest()).isGreaterThanOrEqualTo(1);
      assertThat(max(loaded)).as("a normal request while the slow clients are connected, ms").isLessThan(3_000);
      assertThat(timeRequests(5)).allSatisfy(ms -> assertThat(ms).isLessThan(3_000));

      report(idleCount, slowCount, baseline, loaded, slowCut, silentCut, idleCut,
          new long[] {fdsBefore, fdsPeak, fdsServerClosed, fdsAfter}, clients.bytesSentBySlowest());
    }
  }

  /** Encrypts through the proxy (so the engine is involved) and returns each round trip in milliseconds. */
  private List<Long> timeRequests(int count) {
    List<Long> millis = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      Http.Answer answer = Http.send(Http.request(sidecar.base(), "/v1/transit/encrypt/kasten")
          .header("X-Vault-Request", "true").POST(BodyPublishers.ofString("{\"plaintext\":\"aGk=\"}")).build());
      millis.add((System.nanoTime() - start) / 1_000_000);
      assertThat(answer.status()).isEqualTo(200);
    }
    return millis;
  }

  /** How many idle connections fit: two descriptors each, with room left for everything else. */
  private static int affordableConnections(long open) {
    long limit = ((com.sun.management.UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getMaxFileDescriptorCount();
    return (int) Math.max(0, (limit - open - 2 * (SILENT + 40) - 500) / 2);
  }

  static long openFds() {
    return ((com.sun.management.UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getOpenFileDescriptorCount();
  }

  private static long max(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).max().orElse(0);
  }

  private static String summary(List<Long> ms) {
    List<Long> sorted = ms.stream().sorted().toList();
    return String.format(Locale.ROOT, "%d / %d / %d", sorted.getFirst(), sorted.get(sorted.size() / 2),
        sorted.getLast());
  }

  private void report(int idle, int slow, List<Long> baseline, List<Long> loaded, List<Long> slowCut,
      List<Long> silentCut, List<Long> idleCut, long[] fds, int slowBytes) {
    long limit = ((com.sun.management.UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getMaxFileDescriptorCount();
    String markdown = "## Slow clients\n\n"
        + "`SlowClientsTest`: one sidecar (loopback API and probe listener) with `listen.headerTimeout` "
        + HEADER.toSeconds() + " s and `listen.idleTimeout` " + IDLE_TIMEOUT.toSeconds() + " s"
        + (ReliabilityReport.full() ? " (the defaults)" : " (shortened for the default build)") + ". Connections "
        + "opened together: " + idle + " kept-alive connections idle after one request, " + SILENT
        + " silent connections that never send a byte, and " + slow + " slowloris clients that send a request's "
        + "headers one byte a second (one in five on the probe listener). Meanwhile a normal client encrypts "
        + "through the proxy. Both ends run in one JVM (descriptor limit " + limit + "), so each connection "
        + "holds two descriptors" + (idle < IDLE ? "; only " + idle + " idle connections fit under that limit" : "")
        + ".\n\n"
        + ReliabilityReport.table(List.of("measure", "figure"), List.of(
            List.of("normal request before (min / median / max ms, 20 requests)", summary(baseline)),
            List.of("normal request with all slow and idle connections open (min / median / max ms, 20)",
                summary(loaded)),
            List.of("slowloris connections cut after (min / median / max ms)", summary(slowCut)),
            List.of("bytes the slowest slowloris client got to send", slowBytes),
            List.of("silent connections cut after (min / median / max ms)", summary(silentCut)),
            List.of("idle kept-alive connections cut after (min / median / max ms)", summary(idleCut)),
            List.of("open descriptors: before / all open / after the server cut them / after the clients closed",
                fds[0] + " / " + fds[1] + " / " + fds[2] + " / " + fds[3])))
        + "\nTarget: slow and idle clients do not stop the sidecar serving others: every normal request "
        + "was answered (slowest " + max(loaded) + " ms while all were open), every slow or silent connection was "
        + "cut after the header timeout and every idle one after the idle timeout, and the descriptors went back "
        + "to where they were.\n";
    ReliabilityReport.write("3-slow-clients", markdown);
  }
}
