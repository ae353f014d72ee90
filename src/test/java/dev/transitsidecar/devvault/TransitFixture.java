package dev.transitsidecar.devvault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.transitsidecar.testing.FakeClock;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/** A backend on a fake clock, driven the way the HTTP server drives it: resolve, then handle. */
final class TransitFixture {
  final FakeClock clock = new FakeClock();
  final TransitBackend backend = new TransitBackend(clock, new SecureRandom());

  /** A fresh fixture (one per test, as an instance field) that already holds the default-type key {@code name}. */
  static TransitFixture withKey(String name) {
    TransitFixture fixture = new TransitFixture();
    fixture.createKey(name, new JsonObject());
    return fixture;
  }

  /** An HTTP PUT/POST: the existence check decides between UPDATE and CREATE. */
  Reply write(String path, JsonObject body) {
    return backend.handle(backend.resolve(Operation.UPDATE, path), path, body);
  }

  Reply read(String path) {
    return backend.handle(Operation.READ, path, null);
  }

  /** The VaultError a write fails with. */
  VaultError writeFails(String path, JsonObject body) {
    VaultError error = catchThrowableOfType(VaultError.class, () -> write(path, body));
    assertThat(error).as("expected %s to fail", path).isNotNull();
    return error;
  }

  VaultError fails(Operation op, String path, JsonObject body) {
    VaultError error = catchThrowableOfType(VaultError.class, () -> backend.handle(op, path, body));
    assertThat(error).as("expected %s %s to fail", op, path).isNotNull();
    return error;
  }

  void createKey(String name, JsonObject body) {
    write("keys/" + name, body);
  }

  String encrypt(String key, String plaintext) {
    return write("encrypt/" + key, new JsonObject().put("plaintext", b64(plaintext))).data().getString("ciphertext");
  }

  String decrypt(String key, String ciphertext) {
    return text(write("decrypt/" + key, new JsonObject().put("ciphertext", ciphertext)).data().getString("plaintext"));
  }

  JsonObject keyData(String name) {
    return read("keys/" + name).data();
  }

  static JsonObject batch(JsonObject... items) {
    JsonArray array = new JsonArray();
    for (JsonObject item : items) {
      array.add(item);
    }
    return new JsonObject().put("batch_input", array);
  }

  static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  static String text(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
