package dev.transitsidecar.derive;

import dev.transitsidecar.testing.LogCapture;
import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.Sidecar;
import dev.transitsidecar.SidecarRuntime;
import dev.transitsidecar.config.AuthConfig;
import dev.transitsidecar.config.AuthMethod;
import dev.transitsidecar.config.KeystoreConfig;
import dev.transitsidecar.config.SidecarConfig;
import dev.transitsidecar.config.VaultConfig;
import dev.transitsidecar.devvault.DevVault;
import dev.transitsidecar.devvault.DevVaultOptions;
import dev.transitsidecar.keystore.KeystoreAdmin;
import dev.transitsidecar.keystore.KeystoreFile;
import dev.transitsidecar.memory.LockedMemory;
import dev.transitsidecar.testing.FakeClock;
import dev.transitsidecar.testing.FixedTokenSession;
import dev.transitsidecar.testing.Http;
import dev.transitsidecar.testing.Http.Answer;
import dev.transitsidecar.testing.SecretLedger;
import dev.transitsidecar.testing.TestConfigs;
import dev.transitsidecar.vault.VaultClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /sidecar/v1/derive} through the whole sidecar, with a keystore holding a known master key. */
class DeriveRoutesTest {
  private static final byte[] MASTER = HexFormat.of().parseHex(
      "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

  static {
    SecretLedger.record(SecretLedger.Kind.MASTER_KEY, MASTER);
  }

  @TempDir
  Path dir;

  private final FakeClock clock = new FakeClock();
  private Vertx vertx;
  private DevVault engine;
  private String base;
  private LogCapture logs;

  @BeforeEach
  void start() throws IOException {
    logs = new LogCapture();
    SidecarRuntime runtime = SidecarRuntime.create();
    vertx = runtime.vertx();
    engine = DevVault.start(Vertx.vertx(), DevVaultOptions.defaults().withTransitKeys(List.of("kasten"))).await();
    Path keystore = createKeystore();
    SidecarConfig config = configured(TestConfigs.sidecar(URI.create(engine.address())),
        Files.writeString(dir.resolve("token"), engine.rootToken()), Optional.of(keystore));
    Sidecar sidecar = Sidecar.start(vertx, config, runtime.registry(), Map.of(), clock).await();
    base = "http://127.0.0.1:" + sidecar.port();
    Http.eventually(Duration.ofSeconds(10), () -> get("/readyz").status() == 200);
  }

  @AfterEach
  void stop() {
    vertx.close().await();
    engine.close().await();
    logs.close();
  }

  @Test
  void derive_single_isTheSection4Formula_withTheMasterKeysKeyId() throws Exception {
    byte[] context = "tenant-42".getBytes(StandardCharsets.UTF_8);
    Answer answer = derive(new JsonObject().put("context", b64(context)));

    assertThat(answer.status()).isEqualTo(200);
    JsonObject data = answer.json().getJsonObject("data");
    assertThat(data.getString("key")).isEqualTo(b64(expected(context, 32)));
    assertThat(data.getString("key_id")).isEqualTo(Hkdf.keyId(ByteBuffer.wrap(MASTER)));
    assertThat(data.getString("algorithm")).isEqualTo("HKDF-SHA256");
    assertThat(data.getInteger("length")).isEqualTo(32);
    assertThat(answer.json().fieldNames()).containsExactly("data");
    assertThat(logs.lines()).anyMatch(l -> l.contains("context_sha256=" + DerivedKeys.contextDigest(context))
        && l.contains("length=32") && l.contains("caller=127.0.0.1"));
  }

  @Test
  void start_theFirstUnwrapWaitsForTheFirstLogin_soNoUnwrapFailsOnTheWayToReady() {
    assertThat(logs.lines()).anyMatch(l -> l.contains("master key unwrapped with passkey"))
        .noneMatch(l -> l.contains("master key: not authenticated"));
  }

  @Test
  void derive_batch_answersEveryItemInOrder_withItsReference() {
    JsonArray items = new JsonArray()
        .add(new JsonObject().put("context", b64("a".getBytes())).put("length", 16).put("reference", "r1"))
        .add(new JsonObject().put("context", b64("b".getBytes())).put("length", 64).put("reference", "r\"2"))
        .add(new JsonObject().put("context", b64("a".getBytes())));
    Answer answer = derive(new JsonObject().put("batch_input", items));

    assertThat(answer.status()).isEqualTo(200);
    JsonArray results = answer.json().getJsonObject("data").getJsonArray("batch_results");
    assertThat(results).hasSize(3);
    assertThat(results.getJsonObject(0).getString("key")).isEqualTo(b64(expected("a".getBytes(), 16)));
    assertThat(results.getJsonObject(0).getString("reference")).isEqualTo("r1");
    assertThat(results.getJsonObject(1).getString("key")).isEqualTo(b64(expected("b".getBytes(), 64)));
    assertThat(results.getJsonObject(1).getString("reference")).isEqualTo("r\"2");
    assertThat(results.getJsonObject(2).getInteger("length")).isEqualTo(32);
    assertThat(results.getJsonObject(2).getString("reference")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{}",
      "{\"context\":\"\"}",
      "{\"context\":\"!!not base64!!\"}",
      "{\"context\":\"YQ==\",\"length\":15}",
      "{\"context\":\"YQ==\",\"length\":65}",
      "{\"context\":\"YQ==\",\"length\":\"32\"}",
      "{\"context\":\"YQ==\",\"length\":32.5}",
      "{\"context\":7}",
      "{\"batch_input\":[]}",
      "{\"batch_input\":[{\"context\":\"YQ==\"},{\"length\":32}]}",
      "[1,2]",
      "{not json"})
  void derive_badInput_is400InVaultsShape(String body) {
    Answer answer = Http.send(Http.request(base, "/sidecar/v1/derive").header("X-Vault-Request", "true")
        .POST(BodyPublishers.ofString(body)).build());
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().getJsonArray("errors")).hasSize(1);
  }

  @Test
  void derive_contextOver1024Bytes_is400_and1024Is200() {
    assertThat(derive(new JsonObject().put("context", b64(new byte[1025]))).status()).isEqualTo(400);
    assertThat(derive(new JsonObject().put("context", b64(new byte[1024]))).status()).isEqualTo(200);
  }

  @Test
  void derive_vaultDownAndKeyExpired_is503() {
    assertThat(derive(new JsonObject().put("context", "YQ==")).status()).isEqualTo(200);
    engine.faults().failNext(10_000, 503, "Vault is sealed");
    clock.advance(Duration.ofMinutes(21));

    Answer answer = derive(new JsonObject().put("context", "YQ=="));

    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.json().getJsonArray("errors").getString(0)).startsWith("master key not available");
    engine.faults().clear();
  }

  @Test
  void derive_vaultDownWithinStaleIfError_stillServes() {
    assertThat(derive(new JsonObject().put("context", "YQ==")).status()).isEqualTo(200);
    engine.faults().failNext(10_000, 503, "Vault is sealed");
    clock.advance(Duration.ofMinutes(16));

    assertThat(derive(new JsonObject().put("context", "YQ==")).status()).isEqualTo(200);
    engine.faults().clear();
  }

  @Test
  void logs_neverCarryTheMasterKeyOrADerivedKey_inAnyEncoding() {
    byte[] context = "log-check".getBytes(StandardCharsets.UTF_8);
    String key = derive(new JsonObject().put("context", b64(context))).json().getJsonObject("data").getString("key");
    JsonObject status = Http.send(Http.request(base, "/sidecar/v1/status").header("X-Vault-Request", "true").GET()
        .build()).json();

    List<String> secrets = List.of(b64(MASTER), HexFormat.of().formatHex(MASTER), key,
        HexFormat.of().formatHex(Base64.getDecoder().decode(key)), Base64.getUrlEncoder().encodeToString(MASTER));
    for (String secret : secrets) {
      assertThat(logs.lines()).noneMatch(l -> l.contains(secret));
      assertThat(status.encode()).doesNotContain(secret);
    }
    assertThat(status.getJsonObject("keystore").getBoolean("cached")).isTrue();
    assertThat(status.getJsonObject("keystore").getString("key_id")).isEqualTo(Hkdf.keyId(ByteBuffer.wrap(MASTER)));
  }

  /**
   * Plain derive requests are answered ahead of the router; every request of another shape still meets the router's
   * guards and answers, and both ways count as the same route.
   */
  @ParameterizedTest
  @ValueSource(strings = {
      "Host: attacker.example\r\nX-Vault-Request: true\r\nContent-Length: 16\r\n|403",
      "Host: 127.0.0.1\r\nContent-Length: 16\r\n|412",
      "Host: 127.0.0.1\r\nX-Vault-Request: true\r\nContent-Type: multipart/form-data; boundary=x\r\n"
          + "Content-Length: 16\r\n|415",
      "Host: 127.0.0.1\r\nX-Vault-Request: true\r\nContent-Length: 2000000\r\n|413"})
  void derive_requestsAGuardRefuses_areRefusedAsBefore(String headersAndStatus) {
    String[] parts = headersAndStatus.split("\\|");
    String status = Http.rawStatusLine(port(), "POST /sidecar/v1/derive HTTP/1.1\r\n" + parts[0] + "\r\n"
        + "{\"context\":\"YQ==\"}");
    assertThat(status).isEqualTo("HTTP/1.1 " + parts[1]);
  }

  @Test
  void derive_chunkedOrWithAQuery_goesThroughTheRouter_withTheSameAnswerAndRoute() throws IOException {
    String body = "{\"context\":\"YQ==\"}";
    byte[] key = expected("a".getBytes(), 32);
    SecretLedger.record(SecretLedger.Kind.DERIVED_KEY, key);
    String plain = rawAnswer("Content-Length: " + body.length() + "\r\n\r\n" + body, "");
    String chunked = rawAnswer("Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(body.length()) + "\r\n"
        + body + "\r\n0\r\n\r\n", "");
    String query = rawAnswer("Content-Length: " + body.length() + "\r\n\r\n" + body, "?x=1");

    assertThat(plain).startsWith("HTTP/1.1 200").contains("{\"data\":{\"key\":\"" + b64(key));
    assertThat(chunked.substring(chunked.indexOf("{"))).isEqualTo(plain.substring(plain.indexOf("{")));
    assertThat(query.substring(query.indexOf("{"))).isEqualTo(plain.substring(plain.indexOf("{")));
    assertThat(get("/metrics").body())
        .contains("transit_sidecar_requests_total{route=\"sidecar/derive\",status=\"200\"} 3.0")
        .contains("transit_sidecar_derive_total{result=\"ok\"} 3.0");
  }

  private int port() {
    return Integer.parseInt(base.substring(base.lastIndexOf(':') + 1));
  }

  /** The whole answer to one raw derive request, {@code rest} after its fixed headers, on a connection of its own. */
  private String rawAnswer(String rest, String query) throws IOException {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("POST /sidecar/v1/derive" + query + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "X-Vault-Request: true\r\nConnection: close\r\n" + rest).getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  @Test
  void derive_withoutKeystore_is404NotEnabled() throws IOException {
    SidecarRuntime other = SidecarRuntime.create();
    try {
      SidecarConfig config = configured(TestConfigs.sidecar(URI.create(engine.address())),
          Files.writeString(dir.resolve("token2"), engine.rootToken()), Optional.empty());
      Sidecar plain = Sidecar.start(other.vertx(), config, other.registry(), Map.of(), clock).await();
      Answer answer = Http.send(Http.request("http://127.0.0.1:" + plain.port(), "/sidecar/v1/derive")
          .header("X-Vault-Request", "true").POST(BodyPublishers.ofString("{\"context\":\"YQ==\"}")).build());
      assertThat(answer.status()).isEqualTo(404);
      assertThat(answer.body()).isEqualTo("{\"errors\":[\"derived keys are not enabled\"]}");
    } finally {
      other.vertx().close().await();
    }
  }

  private Path createKeystore() throws IOException {
    VaultClient client = VaultClient.create(vertx, new VaultConfig(URI.create(engine.address()), Optional.empty(),
        Duration.ofSeconds(5), 0, SidecarConfig.defaults().vault().tls()));
    Path file = dir.resolve("keystore.json");
    try (LockedMemory memory = LockedMemory.allocate(4096, dev.transitsidecar.config.LockMemory.OFF)) {
      new KeystoreAdmin(new KeystoreFile(file), new FixedTokenSession(client, engine.rootToken()), memory, clock,
          new SecureRandom(), () -> new char[0])
          .init("transit", "kasten", Optional.of(Files.write(dir.resolve("master.raw"), MASTER)));
    }
    return file;
  }

  private static SidecarConfig configured(SidecarConfig c, Path tokenFile, Optional<Path> keystore) {
    AuthConfig a = c.auth();
    return new SidecarConfig(c.listen(), c.vault(), new AuthConfig(AuthMethod.TOKEN, tokenFile, a.kubernetes(),
        a.approle()), c.transit(), c.cache(), new KeystoreConfig(keystore, "kasten"), c.rotation(), c.proxy(),
        c.webhook(), c.log());
  }

  private static byte[] expected(byte[] context, int length) {
    byte[] info = new byte[26 + context.length];
    System.arraycopy("transit-sidecar:derive:v1:".getBytes(StandardCharsets.US_ASCII), 0, info, 0, 26);
    System.arraycopy(context, 0, info, 26, context.length);
    HKDFBytesGenerator bc = new HKDFBytesGenerator(new SHA256Digest());
    bc.init(new HKDFParameters(MASTER, null, info));
    byte[] out = new byte[length];
    bc.generateBytes(out, 0, length);
    return out;
  }

  private Answer derive(JsonObject body) {
    return Http.send(Http.request(base, "/sidecar/v1/derive").header("X-Vault-Request", "true")
        .POST(BodyPublishers.ofString(body.encode())).build());
  }

  private Answer get(String path) {
    return Http.send(Http.request(base, path).GET().build());
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
