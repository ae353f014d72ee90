package dev.transitsidecar.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.proxy.CoalesceSupport.Call;
import dev.transitsidecar.testing.Http.Answer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A table of good and bad single-item encrypts and decrypts, sent all at once (each three times) through a proxy
 * with coalescing and through one without: every client gets the same answer (status, Vault's error message, the
 * single form's data with a ciphertext that decrypts to its plaintext), and the coalescing proxy asks the engine
 * fewer times.
 */
class CoalescingEquivalenceTest {
  private static final String HELLO = "aGVsbG8gd29ybGQ=";
  private static final String CTX_A = "Y29udGV4dC1h";
  private static final String CTX_B = "Y29udGV4dC1i";
  private static final int REPEATS = 3;

  /** Ciphertexts made by one engine before the table runs. */
  private record Material(String hello, String empty, String derived, String old) {}

  private record Case(String name, Function<Material, Call> call) {}

  private static ProxyFixture on;
  private static ProxyFixture off;
  private static Material onMaterial;
  private static Material offMaterial;

  @BeforeAll
  static void start() {
    on = CoalesceSupport.proxy(true);
    off = CoalesceSupport.proxy(false);
    onMaterial = material(on);
    offMaterial = material(off);
  }

  @AfterAll
  static void stop() {
    on.close();
    off.close();
  }

  private static Material material(ProxyFixture proxy) {
    String hello = rootCiphertext(proxy, "kasten", new JsonObject().put("plaintext", HELLO));
    String empty = rootCiphertext(proxy, "kasten", new JsonObject().put("plaintext", ""));
    String derived = rootCiphertext(proxy, "derived", new JsonObject().put("plaintext", HELLO).put("context", CTX_A));
    String old = rootCiphertext(proxy, "old", new JsonObject().put("plaintext", HELLO));
    CoalesceSupport.root(proxy, "transit/keys/old/rotate", new JsonObject());
    CoalesceSupport.root(proxy, "transit/keys/old/config", new JsonObject().put("min_decryption_version", 2));
    return new Material(hello, empty, derived, old);
  }

  private static String rootCiphertext(ProxyFixture proxy, String key, JsonObject body) {
    Answer a = CoalesceSupport.root(proxy, "transit/encrypt/" + key, body);
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    return a.json().getJsonObject("data").getString("ciphertext");
  }

  private static Case encrypt(String name, String key, JsonObject body) {
    return new Case(name, m -> new Call("transit/encrypt/" + key, body.encode()));
  }

  private static Case decrypt(String name, String key, Function<Material, JsonObject> body) {
    return new Case(name, m -> new Call("transit/decrypt/" + key, body.apply(m).encode()));
  }

  private static JsonObject plaintext(String plaintext) {
    return new JsonObject().put("plaintext", plaintext);
  }

  private static JsonObject ciphertext(String ciphertext) {
    return new JsonObject().put("ciphertext", ciphertext);
  }

  private static final List<Case> TABLE = List.of(
      encrypt("valid", "kasten", plaintext(HELLO)),
      encrypt("empty plaintext", "kasten", plaintext("")),
      encrypt("bad base64", "kasten", plaintext("not base64!")),
      encrypt("key_version 1", "kasten", plaintext(HELLO).put("key_version", 1)),
      encrypt("key_version too high", "kasten", plaintext(HELLO).put("key_version", 7)),
      encrypt("key_version as a string (alone)", "kasten", plaintext(HELLO).put("key_version", "1")),
      encrypt("context on a plain key", "kasten", plaintext(HELLO).put("context", CTX_A)),
      encrypt("associated data", "kasten", plaintext(HELLO).put("associated_data", "YWFk")),
      encrypt("derived with context", "derived", plaintext(HELLO).put("context", CTX_B)),
      encrypt("derived without context", "derived", plaintext(HELLO)),
      encrypt("derived, bad base64 context", "derived", plaintext(HELLO).put("context", "%%%")),
      encrypt("unknown key", "missing", plaintext(HELLO)),
      encrypt("partial_failure_response_code (alone)", "kasten",
          plaintext(HELLO).put("partial_failure_response_code", 207)),
      encrypt("no plaintext (alone)", "kasten", new JsonObject().put("context", CTX_A)),
      decrypt("valid", "kasten", m -> ciphertext(m.hello())),
      decrypt("empty plaintext", "kasten", m -> ciphertext(m.empty())),
      decrypt("tampered", "kasten", m -> ciphertext(tamper(m.hello()))),
      decrypt("no prefix", "kasten", m -> ciphertext("abc")),
      decrypt("version too new", "kasten", m -> ciphertext(m.hello().replace("vault:v1:", "vault:v9:"))),
      decrypt("bad base64", "kasten", m -> ciphertext("vault:v1:!!!!")),
      decrypt("derived, right context", "derived", m -> ciphertext(m.derived()).put("context", CTX_A)),
      decrypt("derived, wrong context", "derived", m -> ciphertext(m.derived()).put("context", CTX_B)),
      decrypt("derived, no context", "derived", m -> ciphertext(m.derived())),
      decrypt("too old", "old", m -> ciphertext(m.old())),
      decrypt("unknown key", "missing", m -> ciphertext(m.hello())),
      decrypt("nonce (alone)", "kasten", m -> ciphertext(m.hello()).put("nonce", "AAAAAAAAAAAAAAAA")));

  private static String tamper(String ciphertext) {
    int i = ciphertext.length() - 3;
    char c = ciphertext.charAt(i) == 'A' ? 'B' : 'A';
    return ciphertext.substring(0, i) + c + ciphertext.substring(i + 1);
  }

  @Test
  void table_withAndWithoutCoalescing_sameAnswers() {
    List<String> withCoalescing = run(on, onMaterial);
    List<String> without = run(off, offMaterial);

    assertThat(withCoalescing).containsExactlyElementsOf(without);
    assertThat(withCoalescing)
        .contains("encrypt bad base64 -> 400 errors=[\"illegal base64 data at input byte 3\"]")
        .contains("decrypt derived, wrong context -> 400 errors=[\"cipher: message authentication failed\"]")
        .contains("decrypt too old -> 400 errors=[\"ciphertext or signature version is disallowed by policy (too old)\"]")
        .contains("decrypt valid -> 200 application/json data=[plaintext] plaintext=" + HELLO);
  }

  @Test
  void table_withCoalescing_fewerEngineRequests() {
    on.forgetSeen();
    off.forgetSeen();
    run(on, onMaterial);
    run(off, offMaterial);

    long encryptsOn = CoalesceSupport.seen(on, "transit/encrypt/kasten");
    long encryptsOff = CoalesceSupport.seen(off, "transit/encrypt/kasten");
    assertThat(encryptsOff).isEqualTo(10L * REPEATS);
    // three alone cases (x3) and, at most, a group with a context and one without
    assertThat(encryptsOn).isBetween(3L * REPEATS + 1, 3L * REPEATS + 4);
  }

  /** Every case {@link #REPEATS} times, all at once; each answer described in a form that must not depend on luck. */
  private static List<String> run(ProxyFixture proxy, Material material) {
    List<Call> calls = new ArrayList<>();
    List<Case> cases = new ArrayList<>();
    for (int r = 0; r < REPEATS; r++) {
      for (Case c : TABLE) {
        calls.add(c.call().apply(material));
        cases.add(c);
      }
    }
    List<Answer> answers = CoalesceSupport.concurrently(proxy, calls);
    List<String> outcomes = new ArrayList<>();
    for (int i = 0; i < calls.size(); i++) {
      Call call = calls.get(i);
      String op = call.path().substring("transit/".length(), call.path().lastIndexOf('/'));
      outcomes.add(op + " " + cases.get(i).name() + " -> " + describe(proxy, call, answers.get(i)));
    }
    return outcomes;
  }

  private static String describe(ProxyFixture proxy, Call call, Answer answer) {
    JsonObject body = answer.json();
    if (body.containsKey("errors")) {
      return answer.status() + " errors=" + body.getJsonArray("errors");
    }
    JsonObject data = body.getJsonObject("data");
    String shape = answer.status() + " " + answer.contentType() + " data=" + new TreeSet<>(data.fieldNames());
    if (!data.containsKey("ciphertext")) {
      return shape + " plaintext=" + data.getString("plaintext");
    }
    JsonObject request = new JsonObject(call.body());
    JsonObject decrypt = ciphertext(data.getString("ciphertext"));
    request.fieldNames().stream().filter(f -> f.equals("context") || f.equals("associated_data"))
        .forEach(f -> decrypt.put(f, request.getString(f)));
    Answer roundTrip = CoalesceSupport.root(proxy, call.path().replace("/encrypt/", "/decrypt/"), decrypt);
    String decrypted = roundTrip.json().getJsonObject("data").getString("plaintext");
    return shape + " key_version=" + data.getInteger("key_version")
        + " prefix=" + data.getString("ciphertext").substring(0, "vault:v1:".length())
        + " roundTrip=" + decrypted.equals(request.getString("plaintext"));
  }
}
