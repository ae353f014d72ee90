package dev.transitsidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.transitsidecar.config.TransitConfig;
import dev.transitsidecar.devvault.DevVault;
import dev.transitsidecar.devvault.DevVaultOptions;
import dev.transitsidecar.devvault.TokenSpec;
import dev.transitsidecar.proxy.AllowList;
import dev.transitsidecar.proxy.PolicyHcl;
import dev.transitsidecar.testing.ChildLogs;
import dev.transitsidecar.testing.Http;
import dev.transitsidecar.testing.Http.Answer;
import dev.transitsidecar.testing.SecretLedger;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No secret in a heap dump, for real: the packaged sidecar runs in a JVM of its own (the embedded engine's heap
 * naturally holds plaintexts, so it stays in this one), derives keys and serves cache hits and refills thousands of
 * times while its 1 s TTL makes it unwrap the master key again and again; then a heap dump of that JVM, unreachable
 * objects included, must hold no copy of the master key or of the cached plaintext: not raw, not base64, not hex. Once
 * with each {@code cache.memoryBackend} ({@code memfd_secret}, skipped with the reason where the kernel refuses it, and
 * {@code mmap}), checking that the status names the backend asked for.
 */
class SecretsHeapDumpIT {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int DERIVES = 3_000;
  private static final int DECRYPTS = 3_000;
  private static final int WORKERS = 4;
  private static final Duration MIN_RUN = Duration.ofSeconds(5);
  private static final Duration MAX_RUN = Duration.ofSeconds(20);
  private static final Pattern UNWRAPPED = Pattern.compile("master key unwrapped");

  @TempDir
  Path dir;

  private DevVault engine;
  private Process sidecar;
  private Path stderr;

  @BeforeEach
  void startEngine() {
    engine = DevVault.start(Vertx.vertx(), DevVaultOptions.defaults().withTransitKeys(List.of("kasten"))).await();
    engine.putPolicy("transit-sidecar", PolicyHcl.generate(AllowList.of(new TransitConfig("transit",
        List.of("kasten")))));
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (sidecar != null) {
      sidecar.destroy();
      if (!sidecar.waitFor(10, TimeUnit.SECONDS)) {
        sidecar.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    engine.close().await();
  }

  @ParameterizedTest
  @ValueSource(strings = {"memfd_secret", "mmap"})
  void heapDump_afterThousandsOfDerivesHitsAndUnwraps_holdsNoMasterKeyAndNoPlaintext(String backend)
      throws Exception {
    byte[] masterKey = random(32);
    byte[] plaintext = random(32);
    SecretLedger.record(SecretLedger.Kind.MASTER_KEY, masterKey);
    SecretLedger.record(SecretLedger.Kind.PLAINTEXT, plaintext);
    int port = freePort();
    Path config = writeConfig(port, backend);
    importMasterKey(config, masterKey);
    String ciphertext = encryptWithTheEngine(plaintext);

    startSidecar(config, backend);
    String base = "http://127.0.0.1:" + port;
    Http.eventually(Duration.ofSeconds(20), () -> alive() && ready(base));
    String chosen = Http.send(Http.request(base, "/sidecar/v1/status").header("X-Vault-Request", "true").GET()
        .build()).json().getJsonObject("memory").getString("backend");
    assertThat(chosen).as("the backend in the sidecar's status").isEqualTo(backend);

    long started = System.nanoTime();
    Load load = drive(base, ciphertext, Base64.getEncoder().encodeToString(plaintext));
    long drivenMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    JsonObject status = Http.send(Http.request(base, "/sidecar/v1/status").header("X-Vault-Request", "true")
        .GET().build()).json();
    JsonObject cache = status.getJsonObject("cache");
    long unwraps = count(UNWRAPPED, Files.readString(stderr));
    assertThat(load.derives()).as("derive requests").isGreaterThanOrEqualTo(DERIVES);
    assertThat(load.decrypts()).as("decrypt requests").isGreaterThanOrEqualTo(DECRYPTS);
    assertThat(cache.getLong("hits")).as("cache hits").isGreaterThan(DECRYPTS / 2);
    long refills = cache.getLong("misses") + cache.getJsonObject("refreshes").getLong("ok");
    assertThat(refills).as("cache refills (1 s TTL): misses and background refreshes").isGreaterThanOrEqualTo(3);
    assertThat(unwraps).as("master key unwraps (1 s TTL) in the sidecar's log").isGreaterThanOrEqualTo(3);

    Path dump = dir.resolve("sidecar.hprof");
    heapDump(dump);
    try {
      long size = Files.size(dump);
      Map<String, List<Long>> found = scan(dump, needles(masterKey, plaintext));
      System.out.printf("heap dump leak test (" + backend + "): %d derives, %d decrypts in %d ms; hits %d, misses %d, "
          + "refreshes %d, unwraps %d; dump %d bytes%n", load.derives(), load.decrypts(), drivenMs,
          cache.getLong("hits"), cache.getLong("misses"), cache.getJsonObject("refreshes").getLong("ok"), unwraps,
          size);
      assertThat(found).as("secret copies in a %d-byte heap dump of the sidecar (form -> offsets)", size).isEmpty();
    } finally {
      Files.deleteIfExists(dump);
      Arrays.fill(masterKey, (byte) 0);
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  private record Load(int derives, int decrypts) {}

  /**
   * Derives (single and batch, varying contexts and lengths) and decrypts, interleaved, from {@link #WORKERS} client
   * threads, until both counts are reached and at least {@link #MIN_RUN} has passed (so the 1 s TTL expires several
   * times), and never past {@link #MAX_RUN}.
   */
  private Load drive(String base, String ciphertext, String expectedPlaintext) throws Exception {
    String decryptBody = new JsonObject().put("ciphertext", ciphertext).encode();
    long start = System.nanoTime();
    AtomicInteger derives = new AtomicInteger();
    AtomicInteger decrypts = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < WORKERS; w++) {
        int first = w;
        workers.add(pool.submit(() -> {
          for (int round = first; ; round += WORKERS) {
            long elapsed = System.nanoTime() - start;
            boolean enough = derives.get() >= DERIVES && decrypts.get() >= DECRYPTS && elapsed >= MIN_RUN.toNanos();
            if (enough || elapsed > MAX_RUN.toNanos()) {
              return null;
            }
            derives.addAndGet(derive(base, round));
            Answer decrypted = post(base, "/v1/transit/decrypt/kasten", decryptBody);
            assertThat(decrypted.status()).as("decrypt: %s", decrypted.body()).isEqualTo(200);
            assertThat(expectedPlaintext.equals(decrypted.json().getJsonObject("data").getString("plaintext")))
                .as("decrypt answered the plaintext").isTrue();
            decrypts.incrementAndGet();
          }
        }));
      }
      for (Future<?> worker : workers) {
        worker.get(MAX_RUN.toSeconds() + 30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(System.nanoTime() - start).as("time to drive the load").isLessThanOrEqualTo(MAX_RUN.toNanos()
        + Duration.ofSeconds(10).toNanos());
    return new Load(derives.get(), decrypts.get());
  }

  /** One derive request, every fourth a batch of four; answers how many keys it derived. */
  private static int derive(String base, int round) {
    if (round % 4 == 3) {
      JsonArray batch = new JsonArray();
      for (int i = 0; i < 4; i++) {
        batch.add(new JsonObject().put("context", context(round, i)).put("length", 16 + (round + i) % 49)
            .put("reference", "r" + i));
      }
      Answer answer = post(base, "/sidecar/v1/derive", new JsonObject().put("batch_input", batch).encode());
      assertThat(answer.status()).as("batch derive: %s", answer.body()).isEqualTo(200);
      assertThat(answer.json().getJsonObject("data").getJsonArray("batch_results")).hasSize(batch.size());
      return batch.size();
    }
    Answer answer = post(base, "/sidecar/v1/derive",
        new JsonObject().put("context", context(round, 0)).put("length", 32).encode());
    assertThat(answer.status()).as("derive: %s", answer.body()).isEqualTo(200);
    return 1;
  }

  private static String context(int round, int item) {
    return Base64.getEncoder().encodeToString(("tenant-" + (round % 97) + "/volume-" + round + "/" + item)
        .getBytes(StandardCharsets.UTF_8));
  }

  private static Answer post(String base, String path, String body) {
    return Http.send(Http.request(base, path).header("X-Vault-Request", "true")
        .POST(BodyPublishers.ofString(body)).build());
  }

  private boolean ready(String base) {
    try {
      return Http.send(Http.request(base, "/readyz").GET().build()).status() == 200;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private boolean alive() {
    if (!sidecar.isAlive()) {
      String text = stderrText();
      String refused = text.lines().filter(l -> l.contains("cache.memoryBackend is memfd_secret but")).findFirst()
          .orElse("");
      assumeTrue(refused.isEmpty(), "the kernel (" + System.getProperty("os.version") + ") refuses memfd_secret: "
          + refused);
      throw new AssertionError("the sidecar exited with " + sidecar.exitValue() + ":\n" + stderrText());
    }
    return true;
  }

  private Path writeConfig(int port, String backend) throws IOException {
    Path tokenFile = Files.writeString(dir.resolve("vault-token"),
        engine.createToken(TokenSpec.of("transit-sidecar").withTtl(Duration.ofHours(1))));
    String yaml = """
        listen:
          address: 127.0.0.1
          port: %d
          shutdownGrace: 0s
        vault:
          address: "%s"
        auth:
          method: token
          tokenFile: "%s"
        transit:
          mount: transit
          keys: [kasten]
        cache:
          ttl: 1s
          staleIfError: 1s
          memoryBackend: %s
        keystore:
          file: "%s"
          transitKey: kasten
        log:
          format: text
        """.formatted(port, engine.address(), tokenFile, backend, dir.resolve("keystore.json"));
    return Files.writeString(dir.resolve("sidecar.yaml"), yaml);
  }

  /** {@code keystore init --import}: the key file exists only for the command, and is overwritten and deleted. */
  private void importMasterKey(Path config, byte[] masterKey) throws IOException, InterruptedException {
    Path keyFile = Files.write(dir.resolve("master.key"), masterKey);
    try {
      Path out = ChildLogs.file("SecretsHeapDumpIT-keystore-init");
      Process init = new ProcessBuilder(java(), "-jar", "target/transit-sidecar.jar", "keystore", "init",
          "--import", keyFile.toString(), "--config", config.toString())
          .redirectErrorStream(true).redirectOutput(out.toFile()).start();
      assertThat(init.waitFor(30, TimeUnit.SECONDS)).as("keystore init finished").isTrue();
      String output = Files.readString(out);
      assumeTrue(init.exitValue() == 0 || !output.contains("cache.memoryBackend is memfd_secret but"),
          "the kernel (" + System.getProperty("os.version") + ") refuses memfd_secret: " + output.strip());
      assertThat(init.exitValue()).as("keystore init: %s", output).isZero();
    } finally {
      Files.write(keyFile, new byte[masterKey.length]);
      Files.delete(keyFile);
    }
  }

  private String encryptWithTheEngine(byte[] plaintext) {
    String body = new JsonObject().put("plaintext", Base64.getEncoder().encodeToString(plaintext)).encode();
    Answer answer = Http.send(Http.request(engine.address(), "/v1/transit/encrypt/kasten")
        .header("X-Vault-Token", engine.rootToken()).POST(BodyPublishers.ofString(body)).build());
    assertThat(answer.status()).as("encrypt: %s", answer.body()).isEqualTo(200);
    return answer.json().getJsonObject("data").getString("ciphertext");
  }

  private void startSidecar(Path config, String backend) throws IOException {
    stderr = ChildLogs.file("SecretsHeapDumpIT-sidecar-" + backend);
    sidecar = new ProcessBuilder(java(), "-jar", "target/transit-sidecar.jar", "run", "--config", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(stderr.toFile())
        .start();
  }

  /** {@code jcmd PID GC.heap_dump -all}: unreachable objects too. A failure to attach fails the test. */
  private void heapDump(Path dump) throws IOException, InterruptedException {
    Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        Long.toString(sidecar.pid()), "GC.heap_dump", "-all", dump.toString())
        .redirectErrorStream(true).start();
    String output;
    try (InputStream in = jcmd.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(jcmd.waitFor(60, TimeUnit.SECONDS)).as("jcmd finished").isTrue();
    assertThat(jcmd.exitValue()).as("jcmd GC.heap_dump: %s", output).isZero();
    assertThat(dump).as("jcmd GC.heap_dump wrote the dump: %s", output).isNotEmptyFile();
  }

  /** Every form a secret could take in the heap: raw, base64 with and without padding, lowercase hex. */
  private static Map<String, byte[]> needles(byte[] masterKey, byte[] plaintext) {
    Map<String, byte[]> needles = new LinkedHashMap<>();
    forms("master key", masterKey, needles);
    forms("plaintext", plaintext, needles);
    return needles;
  }

  private static void forms(String name, byte[] secret, Map<String, byte[]> into) {
    into.put(name + " raw", secret.clone());
    into.put(name + " base64", Base64.getEncoder().encode(secret));
    into.put(name + " base64 unpadded", Base64.getEncoder().withoutPadding().encode(secret));
    into.put(name + " hex", HexFormat.of().formatHex(secret).getBytes(StandardCharsets.US_ASCII));
  }

  /** Offsets of each needle in the file, read in overlapping chunks; only the needles that were found. */
  static Map<String, List<Long>> scan(Path file, Map<String, byte[]> needles) throws IOException {
    int longest = needles.values().stream().mapToInt(n -> n.length).max().orElse(1);
    Map<String, List<Long>> found = new LinkedHashMap<>();
    byte[] chunk = new byte[16 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      long chunkStart = 0;
      int kept = 0;
      while (true) {
        int read = in.readNBytes(chunk, kept, chunk.length - kept);
        int filled = kept + read;
        boolean last = read == 0 || filled < chunk.length;
        for (Map.Entry<String, byte[]> needle : needles.entrySet()) {
          byte[] n = needle.getValue();
          int limit = last ? filled - n.length : filled - longest;
          for (int i = 0; i <= limit; i++) {
            if (chunk[i] == n[0] && Arrays.equals(chunk, i, i + n.length, n, 0, n.length)) {
              found.computeIfAbsent(needle.getKey(), k -> new ArrayList<>()).add(chunkStart + i);
            }
          }
        }
        if (last) {
          return found;
        }
        kept = longest - 1;
        int scanned = filled - kept;
        System.arraycopy(chunk, scanned, chunk, 0, kept);
        chunkStart += scanned;
      }
    }
  }

  private String stderrText() {
    try {
      return Files.readString(stderr);
    } catch (IOException e) {
      return "(no stderr: " + e + ")";
    }
  }

  private static long count(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    long n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static byte[] random(int length) {
    byte[] bytes = new byte[length];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
