package dev.transitsidecar.reliability;

import dev.transitsidecar.reliability.MixedLoad.Kind;
import dev.transitsidecar.reliability.MixedLoad.Probe;
import dev.transitsidecar.testing.Http;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The mixed load of the fault tests, prepared against a running sidecar before any fault: derive (the master key cached),
 * cached decrypt (one ciphertext of a short plaintext, decrypted once so it is in the cache), uncached decrypt
 * (ciphertexts of 100-byte plaintexts: above {@code cache.maxPlaintextBytes}, so every one goes to Vault) and encrypt.
 * Each answer is checked against what was prepared: the same derived key, the same plaintext, a Transit ciphertext.
 */
final class Workload {
  static final String DERIVE = "derive";
  static final String CACHED = "cached decrypt";
  static final String UNCACHED = "uncached decrypt";
  static final String ENCRYPT = "encrypt";
  private static final String DECRYPT_PATH = "/v1/transit/decrypt/kasten";
  private static final String ENCRYPT_PATH = "/v1/transit/encrypt/kasten";
  private static final int CONTEXTS = 8;
  private static final int LONG_PLAINTEXTS = 32;

  private record Pair(String input, String expected) {}

  private final String base;
  private final List<Pair> derived = new ArrayList<>();
  private final List<Pair> uncached = new ArrayList<>();
  private final Pair cached;

  Workload(String base) {
    this.base = base;
    for (int i = 0; i < CONTEXTS; i++) {
      String context = b64("tenant-" + i);
      derived.add(new Pair(context, call("/sidecar/v1/derive", new JsonObject().put("context", context), "key")));
    }
    for (int i = 0; i < LONG_PLAINTEXTS; i++) {
      String plaintext = b64(("uncached plaintext " + i + " ").repeat(8).substring(0, 100));
      uncached.add(new Pair(encrypt(plaintext), plaintext));
    }
    String shortPlaintext = b64("cached");
    cached = new Pair(encrypt(shortPlaintext), shortPlaintext);
    if (!call(DECRYPT_PATH, new JsonObject().put("ciphertext", cached.input()), "plaintext").equals(shortPlaintext)) {
      throw new IllegalStateException("the warm-up decrypt did not answer the plaintext");
    }
  }

  List<Kind> kinds() {
    return List.of(
        new Kind(DERIVE, "/sidecar/v1/derive", n -> {
          Pair p = derived.get(n % CONTEXTS);
          return new Probe(new JsonObject().put("context", p.input()), json -> p.expected().equals(data(json, "key")));
        }),
        new Kind(CACHED, DECRYPT_PATH, n -> new Probe(new JsonObject().put("ciphertext", cached.input()),
            json -> cached.expected().equals(data(json, "plaintext")))),
        new Kind(UNCACHED, DECRYPT_PATH, n -> {
          Pair p = uncached.get(n % LONG_PLAINTEXTS);
          return new Probe(new JsonObject().put("ciphertext", p.input()),
              json -> p.expected().equals(data(json, "plaintext")));
        }),
        new Kind(ENCRYPT, ENCRYPT_PATH, n -> new Probe(new JsonObject().put("plaintext", b64("load " + n)),
            json -> data(json, "ciphertext") != null && data(json, "ciphertext").startsWith("vault:v1:"))));
  }

  private String encrypt(String plaintext) {
    return call(ENCRYPT_PATH, new JsonObject().put("plaintext", plaintext), "ciphertext");
  }

  private String call(String path, JsonObject body, String field) {
    Http.Answer answer = Http.send(Http.request(base, path).header("X-Vault-Request", "true")
        .POST(BodyPublishers.ofString(body.encode())).build());
    if (answer.status() != 200) {
      throw new IllegalStateException(path + " answered " + answer.status() + " while preparing the load");
    }
    return data(answer.json(), field);
  }

  private static String data(JsonObject json, String field) {
    return json.getValue("data") instanceof JsonObject data && data.getValue(field) instanceof String s ? s : null;
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
