package dev.transitsidecar.contract;

import static dev.transitsidecar.contract.VaultAssertions.assertEnvelope;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Shared plumbing of the contract classes: requests as root against {@link #target()}, unique names, base64
 * and a few fixtures. Each test creates its own uniquely named keys, policies and roles.
 */
abstract class ContractSupport {
  /** The server under test; runners supply it. */
  protected abstract VaultTarget target();

  protected final VaultHttp http() {
    return new VaultHttp(target().address());
  }

  protected final String root() {
    return target().rootToken();
  }

  protected final VaultHttp.Response get(String path) {
    return http().send("GET", path, root(), null);
  }

  protected final VaultHttp.Response post(String path, JsonObject body) {
    return http().send("POST", path, root(), body);
  }

  protected final VaultHttp.Response delete(String path) {
    return http().send("DELETE", path, root(), null);
  }

  /** {@code POST transit/<path>} as root. */
  protected final VaultHttp.Response transit(String path, JsonObject body) {
    return post(VaultTarget.TRANSIT + "/" + path, body);
  }

  /** The server's "now": the fake clock when present, else this host's clock (a container shares it). */
  protected final Instant now() {
    return target().clock().map(c -> c.instant()).orElseGet(Instant::now);
  }

  /** A name valid for keys, policies and roles, unique per call: lower case, digits and dashes. */
  protected static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 13).replace("-", "");
  }

  protected static String b64(String text) {
    return b64(text.getBytes(StandardCharsets.UTF_8));
  }

  protected static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  protected static byte[] unb64(String text) {
    return Base64.getDecoder().decode(text);
  }

  /** The elements of a JSON array of strings. */
  protected static List<String> strings(JsonArray array) {
    return array.stream().map(String.class::cast).toList();
  }

  /** Creates a key with the given parameters (none: aes256-gcm96) and returns its name. */
  protected final String createKey(JsonObject params) {
    String name = unique("k");
    assertEnvelope(transit("keys/" + name, params), 200);
    return name;
  }

  protected final String createKey() {
    return createKey(new JsonObject());
  }

  protected final void rotate(String key, int times) {
    for (int i = 0; i < times; i++) {
      assertEnvelope(transit("keys/" + key + "/rotate", null), 200);
    }
  }

  /** Encrypts with the given request body and returns the ciphertext, asserting 200. */
  protected final String encrypt(String key, JsonObject request) {
    VaultHttp.Response r = transit("encrypt/" + key, request);
    assertThat(r.status()).as("encrypt %s", r).isEqualTo(200);
    return r.data().getString("ciphertext");
  }

  protected final String encrypt(String key, String plaintext) {
    return encrypt(key, new JsonObject().put("plaintext", b64(plaintext)));
  }

  protected static JsonObject item(String field, String value) {
    return new JsonObject().put(field, value);
  }

  protected static JsonObject batch(JsonObject... items) {
    return new JsonObject().put("batch_input", new JsonArray(List.of((Object[]) items)));
  }

  /** Writes an ACL policy via {@code sys/policy/<name>} (204) and returns the name. */
  protected final String writePolicy(String hcl) {
    String name = unique("p");
    VaultAssertions.assertNoContent(http().send("PUT", "sys/policy/" + name, root(), new JsonObject().put("policy", hcl)));
    return name;
  }

  /** An HCL rule block granting {@code capabilities} (e.g. {@code "update"}) on {@code path}. */
  protected static String rule(String path, String... capabilities) {
    return "path \"" + path + "\" {\n  capabilities = [\"" + String.join("\", \"", capabilities) + "\"]\n}\n";
  }

  /** Creates a service token as root with the given extra request fields; returns the {@code auth} block. */
  protected final JsonObject createToken(JsonObject request) {
    VaultHttp.Response r = post("auth/token/create", request);
    assertThat(r.status()).as("token create %s", r).isEqualTo(200);
    return r.auth();
  }

  protected final String tokenWithPolicy(String policy) {
    return createToken(new JsonObject().put("policies", new JsonArray().add(policy)).put("ttl", "1h"))
        .getString("client_token");
  }
}
