package dev.transitsidecar.rotate;

import dev.transitsidecar.auth.VaultSession;
import dev.transitsidecar.vault.VaultRejected;
import dev.transitsidecar.vault.VaultRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The Transit calls of a rotation for one key, through the rotating token's {@link VaultSession}. A 403 from Vault
 * becomes a {@link RotationException} that names the capability and path the token lacks and the policy that grants
 * them; other refusals name the operation and Vault's status (never Vault's body).
 */
final class KeyAdmin {
  static final String POLICY_FILE = "policies/transit-sidecar-rotate.hcl";

  private final VaultSession session;
  private final String mount;
  private final String key;

  KeyAdmin(VaultSession session, String mount, String key) {
    this.session = session;
    this.mount = mount;
    this.key = key;
  }

  String mount() {
    return mount;
  }

  String key() {
    return key;
  }

  /** {@code mount/key}, for messages. */
  String name() {
    return mount + "/" + key;
  }

  Future<KeyInfo> read() {
    String path = mount + "/keys/" + key;
    return session.call("transit key read", VaultRequest.get("/v1/" + path))
        .recover(e -> Future.failedFuture(explained(e, "read", path)))
        .map(KeyInfo::parse);
  }

  /** Adds a version; never repeated by the client (a retry could add two). */
  Future<Void> rotate() {
    String path = mount + "/keys/" + key + "/rotate";
    return session.call("transit key rotate", VaultRequest.postOnce("/v1/" + path, new JsonObject()))
        .recover(e -> Future.failedFuture(explained(e, "update", path)))
        .mapEmpty();
  }

  /** Transit {@code rewrap} of {@code ciphertext} to {@code version}: the plaintext never leaves Vault. */
  Future<String> rewrap(String ciphertext, int version) {
    String path = mount + "/rewrap/" + key;
    JsonObject body = new JsonObject().put("ciphertext", ciphertext).put("key_version", version);
    return session.call("transit rewrap", VaultRequest.post("/v1/" + path, body))
        .recover(e -> Future.failedFuture(explained(e, "update", path)))
        .map(KeyAdmin::ciphertext);
  }

  Future<Void> setMinDecryptionVersion(int version) {
    String path = mount + "/keys/" + key + "/config";
    return session.call("transit key config", VaultRequest.post("/v1/" + path,
            new JsonObject().put("min_decryption_version", version)))
        .recover(e -> Future.failedFuture(explained(e, "update", path)))
        .mapEmpty();
  }

  /** The failure of a call on {@code path}, a 403 turned into the missing capability. */
  static Throwable explained(Throwable failure, String capability, String path) {
    if (failure instanceof VaultRejected rejected && rejected.status() == 403) {
      return new RotationException("vault refused: the token lacks the \"" + capability + "\" capability on "
          + path + "; grant it with " + POLICY_FILE + " (transit-sidecar policy --rotation)");
    }
    return failure;
  }

  private static String ciphertext(JsonObject answer) {
    JsonObject data = answer.getJsonObject("data");
    Object ciphertext = data == null ? null : data.getValue("ciphertext");
    if (!(ciphertext instanceof String text) || !text.startsWith("vault:v")) {
      throw new RotationException("vault answered transit rewrap without a ciphertext");
    }
    return text;
  }
}
