package dev.transitsidecar.keystore;

import dev.transitsidecar.auth.VaultSession;
import dev.transitsidecar.memory.LockedMemory;
import dev.transitsidecar.memory.SecretBytes;
import dev.transitsidecar.memory.Wipe;
import dev.transitsidecar.vault.PlaintextField;
import dev.transitsidecar.vault.VaultRejected;
import dev.transitsidecar.vault.VaultRequest;
import dev.transitsidecar.vault.VaultResponse;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;

/**
 * Wraps and unwraps the master key with a Transit key, through the sidecar's (or the CLI's) {@link VaultSession}.
 * The master key's base64 never becomes a {@code String}: the encrypt body is written straight from the slab into a
 * buffer sized up front (no reallocation leaves a copy behind), and that buffer is wiped once the call is over; the
 * decrypt answer's {@code plaintext} is decoded from the response bytes straight into the slab, and the response
 * buffer is wiped.
 */
public final class TransitWrapping {
  private static final Pattern MOUNT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*");
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");

  private TransitWrapping() {}

  /** Whether {@code mount} and {@code key} are names that can go into a Transit path as they are. */
  public static boolean validNames(String mount, String key) {
    return MOUNT.matcher(mount).matches() && KEY.matcher(key).matches() && !mount.contains("..") && !key.contains("..");
  }

  /** Transit {@code encrypt} of the master key's base64; answers the ciphertext ({@code vault:vN:...}). */
  public static Future<String> wrap(VaultSession session, String mount, String key, SecretBytes master) {
    requireNames(mount, key);
    Buffer body = Buffer.buffer(64 + 2 * master.length());
    body.appendString("{\"plaintext\":\"");
    master.encodeBase64To(body);
    body.appendString("\"}");
    VaultRequest request = new VaultRequest(HttpMethod.POST, "/v1/" + mount + "/encrypt/" + key, body, true);
    return session.call("transit encrypt", request)
        .onComplete(done -> Wipe.buffer(body))
        .map(TransitWrapping::ciphertext);
  }

  /**
   * Transit {@code decrypt} of the passkey's ciphertext, decoded into a new slot of {@code memory}. Fails with
   * {@link VaultRejected} for any non-2xx answer (its status tells a client error from Vault's own failure), with
   * the session's failures, or with a {@link KeystoreException} for an answer without a valid plaintext.
   */
  public static Future<SecretBytes> unwrap(VaultSession session, LockedMemory memory, TransitPasskey passkey) {
    requireNames(passkey.mount(), passkey.key());
    VaultRequest request = VaultRequest.post("/v1/" + passkey.mount() + "/decrypt/" + passkey.key(),
        new JsonObject().put("ciphertext", passkey.ciphertext()));
    return session.send(request)
        .map(response -> plaintext(memory, response));
  }

  private static SecretBytes plaintext(LockedMemory memory, VaultResponse response) {
    Buffer body = response.body();
    try {
      if (!response.ok()) {
        throw new VaultRejected("transit decrypt", response.status(), response.errors());
      }
      PlaintextField.Range range = PlaintextField.find(body).orElseThrow(() ->
          new KeystoreException("vault answered transit decrypt without a plaintext"));
      return SecretBytes.decodeBase64(memory, body, range.start(), range.end());
    } catch (IllegalArgumentException e) {
      throw new KeystoreException("vault answered transit decrypt with a plaintext that is not base64");
    } finally {
      Wipe.buffer(body);
    }
  }



  private static String ciphertext(JsonObject answer) {
    JsonObject data = answer.getJsonObject("data");
    String ciphertext = data == null ? null : data.getString("ciphertext");
    if (ciphertext == null || !KeystoreFormat.validTransitCiphertext(ciphertext)) {
      throw new KeystoreException("vault answered transit encrypt without a ciphertext");
    }
    return ciphertext;
  }

  private static void requireNames(String mount, String key) {
    if (!validNames(mount, key)) {
      throw new KeystoreException("invalid Transit mount or key name");
    }
  }
}
