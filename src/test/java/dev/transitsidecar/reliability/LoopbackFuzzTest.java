package dev.transitsidecar.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.config.ListenConfig;
import dev.transitsidecar.derive.Hkdf;
import dev.transitsidecar.devvault.SeenRequest;
import dev.transitsidecar.proxy.AllowList;
import dev.transitsidecar.proxy.ProxiedRoute;
import dev.transitsidecar.testing.Http;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tag;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * Fuzzes the loopback API and {@code POST /sidecar/v1/derive} of a whole sidecar over raw sockets. On
 * every input: an answer or, for a request that never completed or was malformed, a close, within the deadline (no
 * hang); no 5xx that the engine did not answer itself; every error in Vault's {@code {"errors":[...]}} shape; no
 * request reaching the engine outside the allow-list (and the sidecar's own health probe and token lookup); no
 * exception escaping a handler (no ERROR log event, no event with a throwable). Valid derives must be the exact
 * HKDF of docs/design.md, "Derived keys", so the same input always gives the same key.
 */
@Tag("reliability")
class LoopbackFuzzTest {
  private static final Duration DEADLINE = Duration.ofSeconds(15);
  private static final int MAX_BODY = 32 * 1024;
  private static final byte[] MASTER = HexFormat.of().parseHex(
      "5f1e0c7a9b3d2e4f6a8c0b1d3e5f7a9c2b4d6e8f0a1c3e5b7d9f1a3c5e7b9d0f");
  /** The sidecar's own calls to the engine: its health probe and its token lookup. */
  private static final Set<String> OWN_CALLS = Set.of("GET /v1/sys/health", "GET /v1/auth/token/lookup-self",
      "POST /v1/auth/token/renew-self");

  private static Path dir;
  private static RunningSidecar sidecar;
  private static ProblemLog problems;
  private static String ciphertext;
  private static Set<String> allowed;
  private static long startedNanos;
  private static final Map<String, Map<Integer, AtomicLong>> STATUSES = new ConcurrentHashMap<>();
  private static final Map<String, AtomicLong> OWN_CALLS_SEEN = new ConcurrentHashMap<>();
  private static final AtomicLong EXACT_DERIVES = new AtomicLong();

  @BeforeContainer
  static void start() throws IOException {
    problems = ProblemLog.attach();
    dir = Files.createTempDirectory("fuzz-loopback");
    sidecar = RunningSidecar.withMasterKey(dir, MASTER, l -> new ListenConfig(l.address(), l.port(), l.unixSocket(),
        l.requireRequestHeader(), MAX_BODY, l.clientTokenFile(), l.healthPort(), l.idleTimeout(), l.headerTimeout()));
    allowed = AllowList.of(sidecar.config.transit()).routes().stream().map(LoopbackFuzzTest::onTheWire)
        .collect(Collectors.toSet());
    ciphertext = Http.send(Http.request(sidecar.base(), "/v1/transit/encrypt/kasten").header("X-Vault-Request", "true")
        .POST(BodyPublishers.ofString("{\"plaintext\":\"aGVsbG8=\"}")).build()).json().getJsonObject("data")
        .getString("ciphertext");
    startedNanos = System.nanoTime();
  }

  @AfterContainer
  static void stop() throws IOException {
    long seconds = (System.nanoTime() - startedNanos) / 1_000_000_000;
    try {
      report("loopback API", "method, path (allow-listed, local, refused; dot segments, //, encodings, %00, unicode, "
          + "long, absolute form, queries), Host, X-Vault-Request, tokens, Content-Type, framing lies, Transit "
          + "bodies mutated");
      report("derive endpoint", "derive bodies (single and batch) mutated, with the odd header, framing or path; "
          + EXACT_DERIVES.get() + " answers checked against an independent HKDF");
      // The sidecar's own calls come from timers: a client request answered locally must not add to them.
      assertThat(OWN_CALLS_SEEN.getOrDefault("GET /v1/sys/health", new AtomicLong()).get())
          .isLessThanOrEqualTo(seconds / 5 + 5);
      assertThat(OWN_CALLS_SEEN.getOrDefault("GET /v1/auth/token/lookup-self", new AtomicLong()).get())
          .isLessThanOrEqualTo(5);
    } finally {
      sidecar.close();
      problems.close();
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Property(shrinking = ShrinkingMode.OFF)
  @ScaledTries(quick = 800, full = 40_000)
  void loopbackApi_answersEveryRequestSafely(@ForAll("apiRequests") RawRequest request) {
    check("loopback API", request);
  }

  @Property(shrinking = ShrinkingMode.OFF)
  @ScaledTries(quick = 600, full = 20_000)
  void derive_answersEveryBodySafely_andValidOnesExactly(@ForAll("deriveRequests") RawRequest request) {
    RawHttp.Outcome outcome = check("derive endpoint", request);
    if (outcome.kind() == RawHttp.Kind.ANSWERED && outcome.status() == 200
        && request.target().equals("/sidecar/v1/derive")) {
      assertExact(request, new JsonObject(outcome.text()));
    }
  }

  @Provide
  Arbitrary<RawRequest> apiRequests() {
    return HostileRequests.api(ciphertext);
  }

  @Provide
  Arbitrary<RawRequest> deriveRequests() {
    return HostileRequests.derive();
  }

  private static RawHttp.Outcome check(String target, RawRequest request) {
    sidecar.engine.clearRequests();
    int mark = problems.mark();
    RawHttp.Outcome outcome = RawHttp.exchange(sidecar.port, request, HostileRequests.hostOf(request, sidecar.port),
        DEADLINE);
    List<SeenRequest> reached = sidecar.engine.requests();
    STATUSES.computeIfAbsent(target, t -> new ConcurrentHashMap<>())
        .computeIfAbsent(outcome.kind() == RawHttp.Kind.ANSWERED ? outcome.status() : -1, s -> new AtomicLong())
        .incrementAndGet();

    assertThat(outcome.kind()).as("answered or closed within %s: %s", DEADLINE, request)
        .isNotEqualTo(RawHttp.Kind.HUNG);
    if (outcome.kind() == RawHttp.Kind.CLOSED) {
      assertThat(request.mayBeCut()).as("a complete, well-formed request was not answered: %s", request).isTrue();
    } else {
      assertAnswer(request, outcome, reached);
    }
    for (SeenRequest seen : reached) {
      String call = seen.method() + " " + seen.path();
      if (OWN_CALLS.contains(call)) {
        OWN_CALLS_SEEN.computeIfAbsent(call, c -> new AtomicLong()).incrementAndGet();
      } else {
        assertThat(allowed).as("the engine received %s, which is not on the allow-list, for: %s", call, request)
            .contains(call);
      }
    }
    assertThat(problems.problemsSince(mark)).as("log problems for: %s", request).isEmpty();
    return outcome;
  }

  private static void assertAnswer(RawRequest request, RawHttp.Outcome outcome, List<SeenRequest> reached) {
    int status = outcome.status();
    boolean engineAnswered = reached.stream().anyMatch(s -> !OWN_CALLS.contains(s.method() + " " + s.path()));
    if (status >= 500) {
      assertThat(engineAnswered && !outcome.text().contains("\"internal error\""))
          .as("a %d the engine did not answer itself: %s -> %s", status, request, outcome.text()).isTrue();
    }
    if (status >= 400 && !request.method().equals("HEAD")) {
      assertThat(outcome.contentType()).as("error content type for: %s", request).startsWith("application/json");
      JsonObject body = new JsonObject(outcome.text());
      if (engineAnswered && body.getValue("data") instanceof JsonObject data && data.containsKey("batch_results")) {
        return; // Vault's own answer to a batch with failed items (400 with the batch envelope), passed through
      }
      assertThat(body.getValue("errors")).as("error shape for: %s -> %s", request, outcome.text())
          .isInstanceOf(JsonArray.class);
      assertThat(body.getJsonArray("errors")).allSatisfy(e -> assertThat(e).isInstanceOf(String.class));
    }
  }

  /** Every key of a 200 derive is the HKDF of docs/design.md, "Derived keys" for the context and length that were sent. */
  private static void assertExact(RawRequest request, JsonObject answer) {
    JsonObject sent = new JsonObject(io.vertx.core.buffer.Buffer.buffer(request.body())); // as the sidecar reads it
    JsonArray items = sent.containsKey("batch_input") ? sent.getJsonArray("batch_input") : new JsonArray().add(sent);
    JsonArray results = sent.containsKey("batch_input") ? answer.getJsonObject("data").getJsonArray("batch_results")
        : new JsonArray().add(answer.getJsonObject("data"));
    assertThat(results).hasSameSizeAs(items);
    for (int i = 0; i < items.size(); i++) {
      JsonObject item = items.getJsonObject(i);
      int length = item.getValue("length") instanceof Integer l ? l : 32;
      byte[] expected = hkdf(Base64.getDecoder().decode(item.getString("context")), length);
      assertThat(results.getJsonObject(i).getString("key")).as("derived key for %s", request)
          .isEqualTo(Base64.getEncoder().encodeToString(expected));
      assertThat(results.getJsonObject(i).getString("key_id")).isEqualTo(Hkdf.keyId(ByteBuffer.wrap(MASTER)));
    }
    EXACT_DERIVES.incrementAndGet();
  }

  private static byte[] hkdf(byte[] context, int length) {
    byte[] prefix = "transit-sidecar:derive:v1:".getBytes(StandardCharsets.US_ASCII);
    byte[] info = new byte[prefix.length + context.length];
    System.arraycopy(prefix, 0, info, 0, prefix.length);
    System.arraycopy(context, 0, info, prefix.length, context.length);
    HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
    generator.init(new HKDFParameters(MASTER, null, info));
    byte[] out = new byte[length];
    generator.generateBytes(out, 0, length);
    return out;
  }

  private static String onTheWire(ProxiedRoute route) {
    boolean list = route.method().equals(ProxiedRoute.LIST);
    return (list ? "GET" : route.method().name()) + " /v1/" + route.path();
  }

  private static void report(String target, String generators) {
    Map<Integer, AtomicLong> statuses = STATUSES.getOrDefault(target, Map.of());
    long inputs = statuses.values().stream().mapToLong(AtomicLong::get).sum();
    String outcomes = new TreeMap<>(statuses).entrySet().stream()
        .map(e -> (e.getKey() < 0 ? "closed" : e.getKey()) + ": " + e.getValue().get())
        .collect(Collectors.joining(", "));
    HostileInputReport.record(new HostileInputReport.Row(target, generators, inputs,
        "answer or (malformed/incomplete request) close within 15 s; no 5xx unless the engine answered it; errors "
            + "in Vault's shape; engine reached only on the allow-list; no ERROR or throwable in the log"
            + (target.startsWith("derive") ? "; 200 answers equal an independent HKDF-SHA256" : ""),
        outcomes, target.startsWith("derive") ? "a Host header that does not parse was a 500 (fixed)"
            : "500s, fixed: a form or multipart Content-Type on GET/LIST, a Host that does not parse, a query that "
            + "does not decode, GET /v1, a broken chunked body (also an ERROR); an unparsable request line was an "
            + "empty 400 (now Vault's shape); a client gone mid-body was an ERROR"));
  }
}
