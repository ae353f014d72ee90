package dev.transitsidecar.inject;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.reliability.HostileInputReport;
import dev.transitsidecar.reliability.JsonMutations;
import dev.transitsidecar.reliability.ProblemLog;
import dev.transitsidecar.reliability.ScaledTries;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tag;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzes {@code POST /mutate} of the running webhook over HTTPS: pod-creation reviews with odd annotation
 * values, then mutated in their JSON tree and text, under the odd content type. Every answer is 400, 413 or 415 in
 * Vault's error shape for a bad envelope, else 200 with an AdmissionReview that echoes the request's {@code uid}
 * and, when it patches, a base64 JSON Patch; never a 5xx, never an ERROR or a throwable in the log.
 */
@Tag("reliability")
class WebhookFuzzTest {
  private static final List<String> ANNOTATIONS = List.of("inject", "status", "vault-addr", "auth-method", "role",
      "token-secret", "transit-mount", "transit-key", "cache-ttl", "keystore-secret", "native-sidecar", "containers",
      "image", "cpu-request", "memory-request", "cpu-limit", "memory-limit");
  private static final List<String> VALUES = List.of("true", "false", "", "injected", "kubernetes", "approle", "token",
      "15m", "-1s", "soon", "0", "100m", "1Gi", "1e9", "http://vault:8200", "not a url", "a,b,,c", "app",
      "ǩ\u0000", "x".repeat(300), "../../etc", "/~1/~0", "transit/keys", "1.29");

  private static Path dir;
  private static WebhookFixture webhook;
  private static ProblemLog problems;
  private static java.net.http.HttpClient client;
  private static final Map<Integer, AtomicLong> STATUSES = new ConcurrentHashMap<>();

  @BeforeContainer
  static void start() throws IOException {
    problems = ProblemLog.attach();
    dir = Files.createTempDirectory("fuzz-webhook");
    webhook = new WebhookFixture(dir);
    client = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1)
        .sslContext(TestCertificates.trusting(webhook.first.ca())).connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterContainer
  static void stop() throws IOException {
    client.close();
    webhook.close();
    problems.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    long inputs = STATUSES.values().stream().mapToLong(AtomicLong::get).sum();
    HostileInputReport.record(new HostileInputReport.Row("webhook", "pod-creation AdmissionReviews with odd "
        + "annotation values, mutated in the JSON tree and text, odd content types; over HTTPS to the running "
        + "webhook", inputs, "200 with a review echoing the uid (and a base64 JSON Patch when patching), or "
        + "400/413/415 in Vault's shape; never a 5xx; no ERROR or throwable in the log",
        new TreeMap<>(STATUSES).entrySet().stream().map(e -> e.getKey() + ": " + e.getValue().get())
            .collect(Collectors.joining(", ")), "a pod with \"metadata\": null (or another null where an object "
            + "belongs) was a 500 (fixed: admitted unchanged, or denied with a message when it asks for the sidecar)"));
  }

  @Property(shrinking = ShrinkingMode.OFF)
  @ScaledTries(quick = 300, full = 20_000)
  void mutate_alwaysAnswersAWellFormedReview(@ForAll("reviews") Input input) {
    int mark = problems.mark();
    HttpResponse<String> response = post(input);
    STATUSES.computeIfAbsent(response.statusCode(), s -> new AtomicLong()).incrementAndGet();

    assertThat(response.statusCode()).as("status for %s", input).isIn(200, 400, 413, 415);
    JsonObject body = new JsonObject(response.body());
    if (response.statusCode() != 200) {
      assertThat(body.getJsonArray("errors")).as("error shape for %s", input).hasSize(1);
    } else {
      assertWellFormedAnswer(input, body);
    }
    assertThat(problems.problemsSince(mark)).as("log problems for %s", input).isEmpty();
  }

  private static void assertWellFormedAnswer(Input input, JsonObject answer) {
    JsonObject sent = new JsonObject(io.vertx.core.buffer.Buffer.buffer(input.body())); // as the webhook reads it
    assertThat(answer.getString("apiVersion")).isEqualTo("admission.k8s.io/v1");
    assertThat(answer.getString("kind")).isEqualTo("AdmissionReview");
    JsonObject response = answer.getJsonObject("response");
    assertThat(response.getString("uid")).isEqualTo(sent.getJsonObject("request").getString("uid"));
    assertThat(response.getValue("allowed")).isInstanceOf(Boolean.class);
    if (response.containsKey("patch")) {
      JsonArray patch = new JsonArray(new String(Base64.getDecoder().decode(response.getString("patch")),
          StandardCharsets.UTF_8));
      assertThat(patch).isNotEmpty().allSatisfy(op -> assertThat(((JsonObject) op).getString("path")).startsWith("/"));
    }
  }

  private static HttpResponse<String> post(Input input) {
    try {
      return client.send(HttpRequest.newBuilder(URI.create(webhook.base() + "/mutate"))
          .timeout(Duration.ofSeconds(15)).header("Content-Type", input.contentType())
          .POST(HttpRequest.BodyPublishers.ofByteArray(input.body())).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError("no answer for " + input, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Provide
  Arbitrary<Input> reviews() {
    return Arbitraries.randomValue(r -> {
      JsonObject review = review(r);
      byte[] body = switch (r.nextInt(6)) {
        case 0 -> review.encode().getBytes(StandardCharsets.UTF_8);
        case 1 -> JsonMutations.mutateText(r, review.encode());
        case 2 -> r.nextInt(30) == 0 ? new byte[AdmissionHandler.MAX_REVIEW_BYTES + 1]
            : JsonMutations.mutate(r, review);
        default -> JsonMutations.mutate(r, review);
      };
      String type = r.nextInt(12) == 0 ? List.of("text/plain", "application/json; charset=utf-8",
          "application/merge-patch+json", "APPLICATION/JSON", "multipart/form-data; boundary=x").get(r.nextInt(5))
          : "application/json";
      return new Input(type, body);
    });
  }

  private static JsonObject review(Random r) {
    Map<String, String> annotations = new LinkedHashMap<>(Pods.injectToken());
    int odd = r.nextInt(4);
    for (int i = 0; i < odd; i++) {
      annotations.put("transit-sidecar.dev/" + ANNOTATIONS.get(r.nextInt(ANNOTATIONS.size())),
          VALUES.get(r.nextInt(VALUES.size())));
    }
    JsonObject review = WebhookFixture.podCreation("uid-" + r.nextInt(1_000_000), r.nextInt(10) == 0
        ? "kube-system" : "apps", Pods.withAnnotations(annotations));
    if (r.nextInt(8) == 0) {
      review.getJsonObject("request").put("operation", List.of("UPDATE", "DELETE", "CONNECT", "create").get(r.nextInt(4)));
    }
    return review;
  }

  /** One request body and its content type. */
  record Input(String contentType, byte[] body) {
    @Override
    public String toString() {
      String text = new String(body, StandardCharsets.UTF_8);
      return contentType + ", " + body.length + " bytes: " + (text.length() > 400 ? text.substring(0, 400) + "..."
          : text);
    }
  }
}
